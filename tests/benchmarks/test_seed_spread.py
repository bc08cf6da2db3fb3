import pytest

from benchmarks.seed_spread import config_with_seed
from bot.settings import PROJECT_ROOT


def test_the_seed_is_replaced_in_the_real_config():
    config = (PROJECT_ROOT / "config.yml").read_text(encoding="utf-8")
    changed = config_with_seed(config, 7)
    assert "random_seed: 7" in changed
    assert changed.replace("random_seed: 7", "") == config.replace("random_seed: 42", "")


def test_a_config_without_exactly_one_seed_is_refused():
    with pytest.raises(ValueError):
        config_with_seed("pipeline: []", 1)
    with pytest.raises(ValueError):
        config_with_seed("random_seed: 1\nrandom_seed: 2", 3)
