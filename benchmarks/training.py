"""Full training from scratch: wall time, peak memory of the training process tree, model size.

Trains into a temporary folder with an empty Rasa cache; the project's own model is untouched.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.processes import run_measured
from bot.settings import PROJECT_ROOT


def train_from_scratch(log: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "RASA_CACHE_DIRECTORY": str(Path(scratch) / "cache"),
               "PYTHONPATH": str(PROJECT_ROOT)}
        seconds, peak = run_measured(
            [str(Path(sys.executable).parent / "rasa"), "train", "--data", "data", "--config", "config.yml",
             "--domain", "domain.yml", "--out", scratch, "--fixed-model-name", "bench"],
            cwd=PROJECT_ROOT, env=env, log=log)
        size = (Path(scratch) / "bench.tar.gz").stat().st_size / 1e6
    return {"seconds": seconds, "peak_mb": peak, "model_mb": size}
