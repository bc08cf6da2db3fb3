"""Lemmas for the intent features: accents folded, Spanish accents restored and pronouns
taken off verbs, over spaCy's real lookup tables (and a tiny table for the edge cases)."""
import pytest

from bot.nlu.language_tokenizer import blank_pipeline
from bot.nlu.lemmas import Lemmatizer, accented_spellings, fold_accents


@pytest.fixture(scope="module")
def spanish():
    return blank_pipeline("es")[1]


def test_fold_accents_keeps_the_tilde():
    assert fold_accents("envío") == "envio"
    assert fold_accents("pingüino") == "pinguino"
    assert fold_accents("año") == "año"
    assert fold_accents("refund") == "refund"


def test_accented_spellings_try_the_last_vowel_first():
    assert accented_spellings("llego") == ["llegó", "llégo"]
    assert accented_spellings("xyz") == []


@pytest.mark.parametrize("written, typed", [
    ("envío", "envio"), ("llegó", "llego"), ("recibí", "recibi"), ("había", "habia"),
    ("ayúdenme", "ayudenme"), ("cancélalo", "cancelalo"), ("devuélvanmelo", "devuelvanmelo"),
])
def test_a_word_typed_without_its_accent_gets_the_same_lemma(spanish, written, typed):
    assert spanish.lemma(written) == spanish.lemma(typed)


@pytest.mark.parametrize("word, lemma", [
    ("cancélalo", "cancelar"), ("devuélvanmelo", "devolver"), ("comunícame", "comunicar"),
    ("cobrarme", "cobrar"), ("enviármelo", "enviar"), ("pedido", "pedir"), ("llegó", "llegar"),
])
def test_pronouns_on_a_verb_are_taken_off(spanish, word, lemma):
    assert spanish.lemma(word) == lemma


def test_a_noun_that_ends_like_a_pronoun_stays_itself(spanish):
    assert spanish.lemma("escuela") == "escuela"
    assert spanish.lemma("tarjeta") == "tarjeta"


def test_the_table_wins_over_guessing():
    table = {"esta": "este", "está": "estar", "cancela": "cancelar", "pasa": "pasa"}
    lemmatizer = Lemmatizer(table, "es")
    assert lemmatizer.lemma("esta") == "este"
    assert lemmatizer.lemma("está") == "estar"
    assert lemmatizer.lemma("cancelalo") == "cancelar"
    assert lemmatizer.lemma("pasame") == "pasame", "a stem whose lemma is no verb is not a verb with a pronoun"


def test_english_words_are_only_looked_up_and_folded():
    lemmatizer = Lemmatizer({"refunds": "refund"}, "en")
    assert lemmatizer.lemma("refunds") == "refund"
    assert lemmatizer.lemma("café") == "cafe"
    assert lemmatizer.lemma("charges") == "charges", "no accent restoring or pronoun stripping in English"
