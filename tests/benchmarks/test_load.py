from pathlib import Path

from benchmarks.load import Conversation, Reply, percentile, store_env, summary


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99)) == (50.0, 95.0, 99.0)
    assert percentile([7.0], 0.99) == 7.0


def test_summary_counts_failures_and_unexpected_silence():
    answered = Conversation(sender="a", replies=[Reply(0.1, False, False), Reply(0.3, False, False)])
    broken = Conversation(sender="b", replies=[Reply(0.2, False, False), Reply(5.0, True, False)])
    paused = Conversation(sender="c", replies=[Reply(0.2, False, False), Reply(0.05, False, True)])
    silent = Conversation(sender="d", replies=[Reply(0.2, False, True)])
    result = summary([answered, broken, paused, silent], wall=2.0, expected_silence=lambda c: c.sender == "c")
    assert result["messages"] == 7 and result["conversations"] == 4
    assert result["errors"] == 2, "one failed request, one silent reply where an answer was due"
    assert result["per_second"] == 3.5
    assert result["p50_ms"] == 200 and result["p99_ms"] == 300, "failed requests are not timed"


def test_our_bot_runs_on_the_embedded_default_unless_stores_are_given():
    folder = Path("/tmp/bench")
    default = store_env(folder)
    assert default == {"DATABASE_URL": "sqlite:////tmp/bench/records.db",
                       "TRACKER_STORE_URL": "sqlite:////tmp/bench/tracker.db", "REDIS_URL": "", "RABBITMQ_URL": "",
                       "BOT_DATA_DIR": "/tmp/bench"}
    services = store_env(folder, {"DATABASE_URL": "postgresql://h/records", "TRACKER_STORE_URL": "",
                                  "REDIS_URL": "redis://h:6379/0", "RABBITMQ_URL": ""})
    assert services["DATABASE_URL"] == "postgresql://h/records" and services["REDIS_URL"] == "redis://h:6379/0"
    assert services["TRACKER_STORE_URL"] == default["TRACKER_STORE_URL"], "an option left empty keeps the default"
