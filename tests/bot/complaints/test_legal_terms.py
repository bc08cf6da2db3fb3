"""Legal threats are spotted as whole words in either language, accents or not."""
import pytest

from bot.complaints.legal_terms import mentions_legal_threat


@pytest.mark.parametrize("text", ["I will call my LAWYER", "voy a poner una denuncia en consumo",
                                  "take legal action", "lo llevaré a los tribunales", "iré al juzgado"])
def test_threats_are_found(policy, text):
    assert mentions_legal_threat([text], policy.legal_terms)


@pytest.mark.parametrize("text", ["the courtyard door", "I was charged twice", "suelo de la cocina", ""])
def test_ordinary_words_are_not_threats(policy, text):
    assert not mentions_legal_threat([text], policy.legal_terms)
