"""Language detection and when a message may switch the conversation's language."""
import pytest

from bot.language import conversation_language, detect, requested_language, words_of


@pytest.mark.parametrize("text, language", [
    ("My parcel never arrived and nobody answers my emails", "en"),
    ("Mi paquete nunca llegó y nadie contesta mis correos", "es"),
    ("me cobraron dos veces el mismo pedido, qué vergüenza", "es"),
    ("the blender stopped working after a week", "en"),
    ("hola", "es"), ("gracias", "es"), ("hello", "en"), ("thanks", "en"), ("sí", "es"),
])
def test_clear_messages_set_the_language(text, language):
    assert conversation_language(text) == language


@pytest.mark.parametrize("text", ["ok", "no", "si", "ORD-10001", "10001", "ana@example.com", "", "🙂👍", "???"])
def test_short_or_ambiguous_messages_keep_the_conversation_language(text):
    assert conversation_language(text) is None


def test_pinned_language_applies_when_the_message_is_unclear():
    assert conversation_language("ok", pinned="es") == "es"
    assert conversation_language("ORD-10001", pinned="en") == "en"
    assert conversation_language("ok", pinned="fr") is None


def test_a_clear_message_in_the_other_language_beats_the_pin():
    assert conversation_language("I was charged twice for my order", pinned="es") == "en"


def test_likely_language_is_always_given_for_tokenising():
    result = detect("no")
    assert result.language is None and result.likely in ("en", "es")


def test_references_and_emails_are_not_words():
    assert words_of("ORD-10001 from ana@example.com on 12/03 at 14:05 #20003 hola") == ["from", "on", "at", "hola"]


@pytest.mark.parametrize("text, language", [
    ("can we continue in English?", "en"), ("English please", "en"), ("¿podemos hablar en español?", "es"),
    ("¿hablas inglés?", "en"), ("en español por favor", "es"), ("Spanish", "es"),
    ("my parcel is late", None), ("the Spanish order never came", None), ("English or Spanish?", None),
    ("the manual was only in English", None), ("las instrucciones venían en inglés y no las entiendo", None),
    ("I speak Spanish and English", None),
])
def test_a_language_asked_for_by_name(text, language):
    assert requested_language(text) == language


def test_a_language_asked_for_wins_over_the_one_written_in():
    assert conversation_language("¿podemos hablar en inglés, por favor?") == "en"
    assert conversation_language("could you answer me in Spanish please", pinned="en") == "es"


def test_every_switch_language_example_asks_for_the_language_it_names():
    import yaml

    from bot.settings import PROJECT_ROOT

    for language in ("en", "es"):
        data = yaml.safe_load((PROJECT_ROOT / "data" / "nlu" / language / "conversation.yml").read_text())
        block = next(b for b in data["nlu"] if b.get("intent") == "switch_language")
        for example in (line.strip()[2:] for line in block["examples"].splitlines() if line.strip()):
            lowered = example.lower()
            last = {code: max(lowered.rfind(w) for w in words) for code, words in
                    (("en", ("english", "inglés")), ("es", ("spanish", "español", "castellano")))}
            assert requested_language(example) == max(last, key=last.get), "the one named last: " + example
