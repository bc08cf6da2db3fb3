"""Log lines with customers' personal data masked, whoever writes them: Rasa's structured log
events ("rest.message.received.failure" with the message's text, parse data, slots …) reach
Python's logging as rendered text, and every record is masked with bot.privacy.pii when it is made.

Installed in Rasa with its other patches (bot.serving.tracker_store, which Rasa loads on every start) and
by the action server's actions module.
"""
from __future__ import annotations

import logging
from typing import Any

from bot.privacy.pii import mask_personal_data


def _masked(value: Any) -> Any:
    return mask_personal_data(value) if isinstance(value, str) else value


def install() -> None:
    """From now on, every log record of this process is masked (installing twice is harmless)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "masks_personal_data", False):
        return

    def masked_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        record.msg = _masked(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_masked(value) for value in record.args)
        return record

    masked_record.masks_personal_data = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked_record)
