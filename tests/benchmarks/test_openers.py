"""The openers held-out set: enough rows in each language, labels the bot knows, and the
harness that scores it (on a stand-in prediction, without a model)."""

from benchmarks import openers
from benchmarks.nlu_external import Row, load_rows
from bot.complaints.category_importer import project_domain


def test_the_openers_set_has_sixty_rows_per_language_with_known_intents():
    rows = load_rows(openers.OPENERS)
    intents = set(project_domain().intents)
    for language in ("en", "es"):
        mine = [row for row in rows if row.lang == language]
        assert len(mine) >= 60
        assert {intent for row in mine for intent in row.accept} <= intents
        assert {row.source for row in mine} >= {"openers/greeting", "openers/story", "openers/typo",
                                                 "openers/angry", "openers/pure greeting"}


def test_pure_courtesy_rows_are_scored_apart(monkeypatch):
    rows = [Row("hello", "en", ("greet",), "g"), Row("hi, it broke", "en", ("complain_defective",), "o"),
            Row("hola", "es", ("greet",), "g"), Row("hola, no llega", "es", ("complain_delivery",), "o")]
    monkeypatch.setattr(openers, "predict", lambda texts, model=None: ["greet", "greet", "goodbye",
                                                                         "complain_delivery"])
    results = openers.openers_results(rows)
    assert (results["en"]["accuracy"], results["en"]["courtesy_only"]) == (0.5, 1.0)
    assert (results["es"]["accuracy"], results["es"]["courtesy_only"]) == (0.5, 0.0)
    assert results["en"]["misses"] == [("hi, it broke", "greet")]
