"""The post-decision held-out set: forty rows per language over every kind, labels the bot knows,
and the harness that scores it (on a stand-in prediction, without a model)."""

from benchmarks import post_decision
from benchmarks.nlu_external import Row, load_rows
from bot.complaints.category_importer import project_domain

KINDS = {f"post_decision/{kind}" for kind in ("refusal", "disagreement", "thanks", "new_problem", "status")}


def test_the_set_has_forty_rows_per_language_over_every_kind_with_known_intents():
    rows = load_rows(post_decision.POST_DECISION)
    intents = set(project_domain().intents)
    for language in ("en", "es"):
        mine = [row for row in rows if row.lang == language]
        assert len(mine) >= 40
        assert {intent for row in mine for intent in row.accept} <= intents
        assert {row.source for row in mine} == KINDS
        assert not any("insult" in row.accept for row in mine), "disagreement is never abuse"


def test_a_row_is_handled_when_its_prediction_is_accepted(monkeypatch):
    rows = [Row("no", "en", ("reject_facts", "deny"), "post_decision/refusal"),
            Row("liar?", "en", ("feel_doubted",), "post_decision/disagreement"),
            Row("gracias", "es", ("thank",), "post_decision/thanks")]
    monkeypatch.setattr(post_decision, "predict", lambda texts, model=None: ["deny", "insult", "thank"])
    results = post_decision.post_decision_results(rows)
    assert (results["en"]["accuracy"], results["es"]["accuracy"]) == (0.5, 1.0)
    assert results["en"]["misses"] == [("liar?", "insult")]
