"""Rasa's tracker store saves conversations with personal data masked (the words, the parse data,
entities, slots and the bot's replies), on SQLite and PostgreSQL, and reads them back as a tracker.
On PostgreSQL a query that waits does not hold up the Rasa server's event loop."""
import asyncio
import threading
from typing import Iterator

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bot.serving.tracker_store import MaskingTrackerStore
from bot.settings import PROJECT_ROOT
from tests.services import create_postgres_database, drop_postgres_database, run_async
from tests.trackers import bot, customer

SAID = "it's maria@example.es, card 4012 8888 8888 1881, DNI 12345678Z, call +34 612 345 678"


def tracker_store_on(store) -> MaskingTrackerStore:
    url = store.url
    return MaskingTrackerStore(domain=Domain.load(str(PROJECT_ROOT / "domain.yml")), dialect=url.get_backend_name(),
                               host=url.host, port=url.port, db=url.database, username=url.username,
                               password=url.password)


def test_what_is_saved_is_masked_and_still_a_tracker(store):
    trackers = tracker_store_on(store)
    message = customer(SAID, "provide_email", 0)
    message.parse_data["entities"] = [{"entity": "email", "value": "maria@example.es", "start": 5, "end": 21}]
    tracker = DialogueStateTracker("c-mask", [])
    for event in (message, SlotSet("customer_email", "maria@example.es"), bot(f"Thanks, {SAID}", 1),
                  SlotSet("pending_problem", {"category": "billing"})):
        tracker.update(event)
    try:
        run_async(trackers.save(tracker))
        with store.connect() as connection:
            saved = " ".join(connection.execute(text("SELECT data FROM events")).scalars())
        for clear in ("maria@", "4012 8888", "12345678Z", "612 345 678"):
            assert clear not in saved, clear
        again = run_async(trackers.retrieve("c-mask"))
        assert again.get_slot("customer_email") == "m***@example.es"
        assert again.get_slot("pending_problem") == {"category": "billing"}
        assert again.latest_message.text.startswith("it's m***@example.es, card [card ••1881], DNI [ID]")
    finally:
        with store.begin() as connection:
            connection.execute(text("DROP TABLE events"))
        trackers.engine.dispose()


@pytest.fixture
def postgres_store() -> Iterator[Engine]:
    """An empty PostgreSQL database of the test's own (SQLite files stay in the event loop)."""
    url = create_postgres_database()
    engine = create_engine(url, future=True)
    yield engine
    engine.dispose()
    drop_postgres_database(url)


def test_on_postgresql_a_waiting_query_leaves_the_event_loop_free(postgres_store):
    store = postgres_store
    trackers = tracker_store_on(store)
    tracker = DialogueStateTracker("c-wait", [])
    tracker.update(customer("hello", "greet", 0))
    run_async(trackers.save(tracker))
    blocker = store.connect()
    blocker.execute(text("LOCK TABLE events IN ACCESS EXCLUSIVE MODE"))  # another transaction holds the table
    threading.Timer(1.0, blocker.commit).start()

    async def read_while_counting() -> tuple[int, object]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.05)
                ticks += 1

        ticker = asyncio.create_task(tick())
        read = await trackers.retrieve("c-wait")  # waits about a second for the lock
        ticker.cancel()
        return ticks, read

    try:
        ticks, read = run_async(read_while_counting())
        assert read is not None and read.latest_message.text == "hello"
        assert ticks >= 10, "other work went on in the event loop while the query waited"
    finally:
        blocker.close()
        trackers.engine.dispose()
