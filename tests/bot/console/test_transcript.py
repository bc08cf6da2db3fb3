from bot.console.transcript import case_view, turns
from bot.store.models import Case
from bot.store.tracker_events import conversation_events, language_up_to
from tests.trackers import bot, customer, language, paused


def test_turns_carry_time_language_intent_and_speaker(store, rasa_trackers):
    rasa_trackers.add("c1", [customer("hello", "greet", 0, 0.97), language("en", 1), bot("Hi!", 2),
                             customer("mi pedido no llegó, ana@example.es", "complain_delivery", 10, 0.81),
                             language("es", 11), bot("Lo siento", 12), paused(13), paused(14),
                             bot("Hola, soy Ana", 20, agent="ana")])
    events = conversation_events(store, "c1")
    shown = turns(events, mask=False)
    assert [(t.speaker, t.language, t.intent) for t in shown] == [
        ("customer", "en", "greet"), ("bot", "en", None), ("customer", "es", "complain_delivery"),
        ("bot", "es", None), ("system", None, None), ("agent", "es", None)]
    assert shown[0].confidence == 0.97 and shown[-1].agent == "ana"
    assert "ana@example.es" in shown[2].text
    assert "a***@example.es" in turns(events, mask=True)[2].text
    assert language_up_to(store, "c1", events[-1].id) == "es" and language_up_to(store, "c1", events[1].id) == "en"
    later = turns(conversation_events(store, "c1", after_id=events[-2].id), mask=False,
                  language=language_up_to(store, "c1", events[-2].id))
    assert [(t.speaker, t.language) for t in later] == [("agent", "es")]


def test_case_view_masks_what_the_customer_wrote():
    case = Case(id=7, conversation_id="c1", language="en", status="queued", details="call me on +44 7700 900123",
                evidence=[{"check": "delivery", "verdict": "unclear", "fact": "no_scans", "certified": False,
                           "details": {}}],
                reasons=[{"rule": "human_requested", "detail": "asked for a person"}])
    view = case_view(case, mask=True)
    assert view["reference"] == "C-000007" and "[phone]" in view["details"]
    assert view["evidence"][0]["verdict"] == "unclear" and view["reasons"][0]["rule"] == "human_requested"
    assert "+44 7700 900123" in case_view(case, mask=False)["details"]


def test_the_widget_opening_the_chat_is_not_a_customer_turn(store, rasa_trackers):
    rasa_trackers.add("c2", [customer("/session_start", "session_start", 0, 1.0), customer("hola", "greet", 5)])
    assert [(t.speaker, t.text) for t in turns(conversation_events(store, "c2"), mask=False)] == [
        ("customer", "hola")]
