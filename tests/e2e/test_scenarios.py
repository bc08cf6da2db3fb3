"""The load benchmark's scenarios, played once each through the real bot: every one must end
in the case outcome its table expects, so `make bench` measures conversations that work."""
from benchmarks.load import load_ours
from benchmarks.scenarios import SCENARIOS


def test_every_benchmark_scenario_ends_in_its_expected_outcome(bot):
    levels, outcomes = load_ours(bot.url, bot.engine, {len(SCENARIOS): 1}, log=lambda line: None)
    assert outcomes["wrong"] == [] and outcomes["right"] == len(SCENARIOS)
    assert levels[len(SCENARIOS)]["errors"] == 0
