"""The language-aware tokenizer as a Rasa graph component, on real Messages."""
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language_tokenizer import LanguageTokenizer


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    return LanguageTokenizer.create(LanguageTokenizer.get_default_config(), storage, Resource("tok"),
                                    ExecutionContext(graph_schema=None))


def parse(tokenizer, text, metadata=None):
    message = Message.build(text=text)
    if metadata is not None:
        message.set("metadata", metadata)
    tokenizer.process([message])
    return message


def language_of(message):
    return [e["value"] for e in message.get("entities", []) if e["entity"] == "language"]


def test_spanish_message_gets_spanish_lemmas_and_sets_the_language(tokenizer):
    message = parse(tokenizer, "Mis pedidos llegaron rotos, ¡qué desastre!")
    assert language_of(message) == ["es"]
    assert [t.lemma for t in message.get("text_tokens")][:4] == ["mi", "pedir", "llegar", "roto"]


def test_english_message_gets_english_lemmas(tokenizer):
    message = parse(tokenizer, "My orders arrived broken")
    assert language_of(message) == ["en"]
    assert [t.lemma for t in message.get("text_tokens")] == ["my", "order", "arrive", "break"]


def test_spanish_typed_without_accents_gets_the_same_lemmas(tokenizer):
    written = parse(tokenizer, "¿Cuándo llegará? Devuélvanme el envío, la atención fue pésima")
    typed = parse(tokenizer, "Cuando llegara? Devuelvanme el envio, la atencion fue pesima")
    lemmas = [t.lemma for t in written.get("text_tokens")]
    assert lemmas == [t.lemma for t in typed.get("text_tokens")]
    assert lemmas[:4] == ["cuando", "llegar", "devolver", "el"]


@pytest.mark.parametrize("text", ["ok", "no", "si", "ORD-10001", "🙂"])
def test_short_messages_keep_the_conversation_language(tokenizer, text):
    message = parse(tokenizer, text)
    assert language_of(message) == []
    assert message.get("text_tokens"), "every non-empty message keeps at least one token"


def test_the_page_can_pin_the_language(tokenizer):
    assert language_of(parse(tokenizer, "ok", {"language": "es"})) == ["es"]
    assert language_of(parse(tokenizer, "The parcel never arrived at my house", {"language": "es"})) == ["en"]


def test_punctuation_is_not_a_token_and_offsets_are_right(tokenizer):
    message = parse(tokenizer, "¿Dónde está mi paquete?")
    tokens = message.get("text_tokens")
    assert [t.text for t in tokens] == ["Dónde", "está", "mi", "paquete"]
    assert all("¿Dónde está mi paquete?"[t.start:t.end] == t.text for t in tokens)


def test_training_data_is_tokenised_for_every_attribute(tokenizer):
    data = TrainingData([Message.build(text="me cobraron dos veces", intent="complain_billing")])
    tokenizer.process_training_data(data)
    example = data.training_examples[0]
    assert [t.text for t in example.get("text_tokens")] == ["me", "cobraron", "dos", "veces"]
    assert [t.text for t in example.get("intent_tokens")] == ["complain_billing"]
