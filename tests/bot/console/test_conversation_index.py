from sqlalchemy import select

from bot.console.conversation_index import sync
from bot.store import session_scope
from bot.store.models import ConversationSummary
from tests.trackers import bot, customer, language, paused, resumed


def summaries(engine) -> dict[str, ConversationSummary]:
    with session_scope(engine) as session:
        return {s.conversation_id: s for s in session.execute(select(ConversationSummary)).scalars()}


def test_no_events_table_yet_is_nothing_to_index(store):
    with session_scope(store) as session:
        assert sync(store, session) == 0


def test_rasa_conversations_become_summaries(store, rasa_trackers):
    rasa_trackers.add("en-1", [customer("My parcel never arrived", "complain_delivery", 0),
                               language("en", 1), bot("I'm so sorry", 2)])
    rasa_trackers.add("es-1", [customer("Mi pedido no ha llegado", "complain_delivery", 60),
                               language("es", 61), bot("Lo siento mucho", 62), paused(63)])
    with session_scope(store) as session:
        assert sync(store, session) >= 7
    rows = summaries(store)
    assert rows["en-1"].language == "en" and rows["es-1"].language == "es"
    assert (rows["en-1"].user_turns, rows["en-1"].bot_turns) == (1, 1)
    assert rows["es-1"].paused is True and rows["en-1"].paused is False
    assert "mi pedido no ha llegado" in rows["es-1"].search_text
    assert rows["es-1"].last_at > rows["es-1"].started_at


def test_only_new_events_are_read_and_folded_in(store, rasa_trackers):
    rasa_trackers.add("c1", [customer("hello", "greet", 0), bot("Hi!", 1), paused(2)])
    with session_scope(store) as session:
        sync(store, session)
    with session_scope(store) as session:
        assert sync(store, session) == 0
    rasa_trackers.add("c1", [resumed(30), customer("thanks", "thank", 31), language("en", 32)])
    with session_scope(store) as session:
        assert sync(store, session) == 3
    row = summaries(store)["c1"]
    assert (row.user_turns, row.paused, row.language) == (2, False, "en")
    assert "hello" in row.search_text and "thanks" in row.search_text


def test_an_emptied_tracker_store_rebuilds_the_index(store, rasa_trackers):
    rasa_trackers.add("old", [customer("hello", "greet", 0)])
    with session_scope(store) as session:
        sync(store, session)
    with store.begin() as connection:
        connection.exec_driver_sql("DELETE FROM events")
    with session_scope(store) as session:
        sync(store, session)
    assert summaries(store) == {}
    rasa_trackers.add("new", [customer("hi", "greet", 0)])
    with session_scope(store) as session:
        sync(store, session)
    assert set(summaries(store)) == {"new"}
