"""The load benchmark's scenarios, played once each through the real bot: every one must end
in the case outcome its table expects, so `make bench` measures conversations that work."""
from benchmarks.load import our_target, outcome_accuracy
from benchmarks.scenarios import SCENARIOS


def test_every_benchmark_scenario_ends_in_its_expected_outcome(bot):
    target = our_target(bot.url, bot.engine)
    figures = target.level(len(SCENARIOS), 1)
    assert outcome_accuracy(bot.engine, target.played) == {"right": len(SCENARIOS), "all": len(SCENARIOS),
                                                          "wrong": []}
    assert figures["errors"] == 0 and figures["messages"] >= 5 * len(SCENARIOS)
