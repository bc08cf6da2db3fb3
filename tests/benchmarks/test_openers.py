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


def test_pure_greetings_are_scored_apart(monkeypatch):
    rows = [Row("hello", "en", ("greet",), "g"), Row("hi, it broke", "en", ("complain_defective",), "o"),
            Row("thanks", "en", ("thank",), "t"), Row("hi or bye", "en", ("greet", "goodbye"), "g"),
            Row("hola", "es", ("greet",), "g"), Row("hola, no llega", "es", ("complain_delivery",), "o")]
    monkeypatch.setattr(openers, "predict", lambda texts, model=None: ["greet", "greet", "greet", "affirm",
                                                                         "goodbye", "complain_delivery"])
    results = openers.openers_results(rows)
    # Only a row whose one right answer is a greeting counts: not thanks, not "greeting or goodbye".
    assert (results["en"]["accuracy"], results["en"]["greetings"]) == (0.25, 1.0)
    assert (results["es"]["accuracy"], results["es"]["greetings"]) == (0.5, 0.0)
    assert results["en"]["misses"] == [("hi, it broke", "greet"), ("thanks", "greet"), ("hi or bye", "affirm")]
