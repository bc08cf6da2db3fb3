"""How much of the held-out intent accuracy is the classifier's random seed: one model per seed,
trained in a temporary folder, each scored on the external, openers and post-decision sets.

Measures only; the project's model and config are untouched. Not part of `make bench` (about
two minutes a seed). Usage: `python -m benchmarks.seed_spread --seeds 42,1,2,3`.
"""
from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from benchmarks.nlu_external import LANGUAGES, external_results, load_rows
from benchmarks.openers import OPENERS, openers_results
from benchmarks.post_decision import POST_DECISION, post_decision_results
from bot.settings import PROJECT_ROOT

_SEED = re.compile(r"(random_seed:\s*)\d+")


def config_with_seed(config: str, seed: int) -> str:
    """`config` (config.yml's text) with the classifier's one `random_seed` set to `seed`."""
    changed, count = _SEED.subn(rf"\g<1>{seed}", config)
    if count != 1:
        raise ValueError(f"config.yml should set random_seed once, it does {count} times")
    return changed


def accuracy_for_seed(seed: int) -> dict[str, dict[str, float]]:
    """Accuracy per language for one seed: the external set as written and typed without
    accents, the openers set and the post-decision set. Trained as `rasa train` trains the product's model (with the
    domain, whose response texts join the featurisers' vocabulary), not NLU alone."""
    from rasa.model_training import train

    with tempfile.TemporaryDirectory() as scratch:
        config = Path(scratch) / "config.yml"
        config.write_text(config_with_seed((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"), seed),
                          encoding="utf-8")
        model = train(str(PROJECT_ROOT / "domain.yml"), str(config), [str(PROJECT_ROOT / "data")], scratch,
                      fixed_model_name="seed").model
        results = external_results(load_rows(), Path(model))
        results["openers"] = openers_results(load_rows(OPENERS), Path(model))
        results["post_decision"] = post_decision_results(load_rows(POST_DECISION), Path(model))
    return {kind: {language: results[kind][language]["accuracy"] for language in LANGUAGES} for kind in results}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.seed_spread")
    parser.add_argument("--seeds", default="42,1,2,3", help="comma-separated seeds")
    seeds = [int(seed) for seed in parser.parse_args().seeds.split(",")]
    print("| seed | external en | external es | es typed without accents | openers en | openers es "
          "| post-decision en | post-decision es |\n|---|---|---|---|---|---|---|---|")
    for seed in seeds:
        figures = accuracy_for_seed(seed)
        written, typed, openers = figures["as_written"], figures["without_accents"], figures["openers"]
        post = figures["post_decision"]
        print(f"| {seed} | {written['en']:.3f} | {written['es']:.3f} | {typed['es']:.3f} "
              f"| {openers['en']:.3f} | {openers['es']:.3f} | {post['en']:.3f} | {post['es']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
