"""Dialogue accuracy: `rasa test core` on the test stories, read from Rasa's own report.

Runs Rasa against the trained model; changes nothing in the project.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.processes import run_measured
from bot.serving.model import ensure_model
from bot.settings import PROJECT_ROOT

STORIES = PROJECT_ROOT / "tests" / "test_stories.yml"


def test_stories(out: Path) -> dict[str, Any]:
    run_measured([str(Path(sys.executable).parent / "rasa"), "test", "core", "--stories", str(STORIES),
                  "--model", str(ensure_model()), "--out", str(out), "--no-plot"],
                 cwd=PROJECT_ROOT, log=out.with_suffix(".log"))
    report = json.loads((out / "story_report.json").read_text())
    failed = (out / "failed_test_stories.yml")
    failed_stories = failed.read_text().count("- story:") if failed.exists() else 0
    total = STORIES.read_text().count("- story:")
    return {"stories": total, "stories_right": total - failed_stories, "action_accuracy": report["accuracy"],
            "actions": int(report["macro avg"]["support"])}
