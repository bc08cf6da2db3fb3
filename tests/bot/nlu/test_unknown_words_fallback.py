"""Messages of words never seen in training are not understood; known words pass through."""
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language_tokenizer import LanguageTokenizer
from bot.nlu.unknown_words_fallback import UnknownWordsFallback


@pytest.fixture(scope="module")
def components(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    context = ExecutionContext(graph_schema=None)
    tokenizer = LanguageTokenizer.create(LanguageTokenizer.get_default_config(), storage, Resource("tok"), context)
    data = TrainingData([Message.build(text="yes please", intent="affirm"),
                         Message.build(text="mi paquete no ha llegado", intent="complain_delivery")])
    tokenizer.process_training_data(data)
    resource = Resource("unknown")
    UnknownWordsFallback.create({}, storage, resource, context).train(data)
    return tokenizer, UnknownWordsFallback.load({}, storage, resource, context)


def classify(components, text):
    tokenizer, fallback = components
    message = Message.build(text=text)
    message.set("intent", {"name": "affirm", "confidence": 0.5})
    fallback.process(tokenizer.process([message]))
    return message.get("intent")["name"]


@pytest.mark.parametrize("text", ["xqzv blorf", "asdfgh", "lorem ipsum dolor sit amet"])
def test_unknown_words_are_not_understood(components, text):
    assert classify(components, text) == "nlu_fallback"


@pytest.mark.parametrize("text", ["yes", "Mis paquetes no llegaron", "yes blorf", "ORD-10001", "🙂", "a@b.com"])
def test_known_words_and_non_words_keep_their_intent(components, text):
    assert classify(components, text) == "affirm"
