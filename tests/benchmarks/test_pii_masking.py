"""The personal-data set is well formed and its scoring counts overlaps, misses and false finds."""
import json

from benchmarks.pii_masking import detection_results
from benchmarks.pii_scoring import ROWS, overlaps


def test_every_labelled_item_is_in_its_sentence_and_both_languages_have_negatives():
    rows = [json.loads(line) for line in ROWS.read_text(encoding="utf-8").splitlines()]
    assert all(item in row["text"] for row in rows for item in row["personal_data"])
    for language in ("en", "es"):
        mine = [row for row in rows if row["lang"] == language]
        assert len(mine) >= 15 and sum(not row["personal_data"] for row in mine) >= 5


def test_scores_are_counted_from_overlaps():
    assert overlaps((0, 5), (4, 9)) and not overlaps((0, 5), (5, 9))
    results = detection_results()
    for r in results.values():
        assert r["precision"] == r["correct"] / r["found"] and r["recall"] == r["recalled"] / r["gold"]
        assert len(r["missed"]) == r["gold"] - r["recalled"] and len(r["false"]) == r["found"] - r["correct"]
