"""Rasa's tracker store saves conversations with personal data masked (the words, the parse data,
entities, slots and the bot's replies), on SQLite and PostgreSQL, and reads them back as a tracker."""
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from bot.serving.tracker_store import MaskingTrackerStore
from bot.settings import PROJECT_ROOT
from tests.services import run_async
from tests.trackers import bot, customer

SAID = "it's maria@example.es, card 4012 8888 8888 1881, DNI 12345678Z, call +34 612 345 678"


def test_what_is_saved_is_masked_and_still_a_tracker(store):
    url = store.url
    trackers = MaskingTrackerStore(domain=Domain.load(str(PROJECT_ROOT / "domain.yml")),
                                   dialect=url.get_backend_name(), host=url.host, port=url.port, db=url.database,
                                   username=url.username, password=url.password)
    message = customer(SAID, "provide_email", 0)
    message.parse_data["entities"] = [{"entity": "email", "value": "maria@example.es", "start": 5, "end": 21}]
    tracker = DialogueStateTracker("c-mask", [])
    for event in (message, SlotSet("customer_email", "maria@example.es"), bot(f"Thanks, {SAID}", 1),
                  SlotSet("wrong_emails", {"ORD-10001": 1})):
        tracker.update(event)
    try:
        run_async(trackers.save(tracker))
        with store.connect() as connection:
            saved = " ".join(connection.execute(text("SELECT data FROM events")).scalars())
        for clear in ("maria@", "4012 8888", "12345678Z", "612 345 678"):
            assert clear not in saved, clear
        again = run_async(trackers.retrieve("c-mask"))
        assert again.get_slot("customer_email") == "m***@example.es"
        assert again.get_slot("wrong_emails") == {"ORD-10001": 1}
        assert again.latest_message.text.startswith("it's m***@example.es, card [card ••1881], DNI [ID]")
    finally:
        with store.begin() as connection:
            connection.execute(text("DROP TABLE events"))
        trackers.engine.dispose()
