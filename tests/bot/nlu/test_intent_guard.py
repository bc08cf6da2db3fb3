"""A message is read as a rating, or as giving the order, only when it holds one; otherwise the
next intent stands."""
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_guard import IntentGuard


@pytest.fixture(scope="module")
def guard(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    return IntentGuard.create({}, storage, Resource("guard"), ExecutionContext(graph_schema=None))


def guarded(guard, text: str, ranking: list[tuple[str, float]]) -> Message:
    """The message `text`, classified with `ranking` (best first), after the guard."""
    message = Message.build(text=text)
    message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]})
    message.set("intent_ranking", [{"name": name, "confidence": confidence} for name, confidence in ranking])
    guard.process([message])
    return message


def classified(guard, text: str, intent: str = "rate_service") -> tuple[str, list[str]]:
    message = guarded(guard, text, [(intent, 0.6), ("affirm", 0.3), ("thank", 0.1)])
    return message.get("intent")["name"], [entry["name"] for entry in message.get("intent_ranking")]


@pytest.mark.parametrize("text", ["4", "4/5", "★★★★", "cinco estrellas", "five stars"])
def test_a_message_with_a_rating_stays_a_rating(guard, text):
    assert classified(guard, text)[0] == "rate_service"


@pytest.mark.parametrize("text", ["yes", "thanks!", "👍", "10/10", "ok great"])
def test_a_message_without_one_gets_the_next_intent(guard, text):
    assert classified(guard, text) == ("affirm", ["affirm", "thank"])


def test_other_intents_pass_untouched(guard):
    message = Message.build(text="yes")
    message.set("intent", {"name": "affirm", "confidence": 0.9})
    guard.process([message])
    assert message.get("intent")["name"] == "affirm"


def test_the_next_intent_is_judged_on_its_own_weight(guard):
    """"yes" at 0.3 behind a rating at 0.6 is 0.75 of what is left: above the fallback threshold."""
    message = guarded(guard, "yes", [("rate_service", 0.6), ("affirm", 0.3), ("thank", 0.1)])
    assert message.get("intent") == {"name": "affirm", "confidence": pytest.approx(0.75)}
    ranking = [entry["confidence"] for entry in message.get("intent_ranking")]
    assert ranking == [pytest.approx(0.75), pytest.approx(0.25)]


@pytest.mark.parametrize("text", ["ORD-10001", "it's 10001", "me@example.com", "ORD-123", "pedido 99", "order #12",
                                  "mi referencia: ORD2000"])
def test_a_message_with_an_order_reference_or_email_gives_the_order(guard, text):
    assert classified(guard, text, "provide_order")[0] == "provide_order"


@pytest.mark.parametrize("text", ["yes it is", "my card ending in 1234 was declined", "I paid 20 euros twice"])
def test_a_message_without_one_does_not(guard, text):
    assert classified(guard, text, "provide_order") == ("affirm", ["affirm", "thank"])


def test_the_next_intent_is_checked_too(guard):
    """"my account number is 12345678": neither an order reference nor a rating."""
    message = guarded(guard, "my account number is 12345678",
                      [("provide_order", 0.7), ("rate_service", 0.2), ("affirm", 0.1)])
    assert message.get("intent") == {"name": "affirm", "confidence": pytest.approx(1.0)}
