"""The records-source benchmark's summary: each measured turn's median and p95, and its p95 against
the store's (the benchmark itself needs a Medusa shop and two bots: `python -m benchmarks.records_source`)."""
from benchmarks.records_source import _summary, table


def test_each_turn_is_summed_up_and_compared_with_the_store():
    store = _summary([[10, 40, 50, 80], [10, 60, 70, 100]])
    shop = _summary([[10, 60, 200, 80], [10, 80, 300, 100]])
    assert store["names the order p50"] == 50 and store["decides p95"] == 99  # within what was measured
    lines = table({"sql": store, "medusa": shop}).splitlines()
    assert lines[0].startswith("| turn | source |") and len(lines) == 2 + 6
    assert lines[3] == "| names the order | Medusa shop | 2 | 70 | 79 | 1.34× |"
    assert lines[5] == "| gives the email | Medusa shop | 2 | 250 | 295 | 4.28× |"
