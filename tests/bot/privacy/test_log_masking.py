"""Every log record of a process is masked once bot.privacy.log_masking is installed, however it is
formatted (Rasa's structured events arrive as rendered text)."""
import logging

from bot.privacy.log_masking import install


def test_log_records_are_masked(caplog):
    install()
    install()  # twice is harmless
    log = logging.getLogger("rasa.core.channels.rest")
    with caplog.at_level(logging.ERROR):
        log.error('{"event": "rest.message.received.failure", "text": "it\'s ana@example.es, 4012 8888 8888 1881"}')
        log.error("failed for %s on card %s", "ana@example.es", "4012888888881881")
        log.error("slots %(email)s", {"email": "ana@example.es"})
    messages = [record.getMessage() for record in caplog.records]
    assert messages == ['{"event": "rest.message.received.failure", "text": "it\'s a***@example.es, [card ••1881]"}',
                        "failed for a***@example.es on card [card ••1881]", "slots a***@example.es"]
