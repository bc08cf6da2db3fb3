"""The worked example of docs/extending.md, applied as written to a copy of the project: the registry
check fails until every piece is there, then the data validates, the model trains and the
example's own end-to-end test passes."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "extending.md"
_BLOCK = re.compile(r'<!-- example: (new|append to|remove from|in) (\S+?)(?:, (after|before) "(.*?)")? -->\n'
                    r'```\w*\n(.*?)```', re.S)
_NOT_COPIED = shutil.ignore_patterns(".venv", "node_modules", "models", "var", ".git", "__pycache__", ".pytest_cache",
                                     ".ruff_cache")


@dataclass(frozen=True)
class Block:
    mode: str  # new, append to, remove from, after, before
    path: str
    anchor: str
    text: str


def example_blocks() -> list[Block]:
    return [Block(where or mode, path, anchor or "", text)
            for mode, path, where, anchor, text in _BLOCK.findall(DOC.read_text(encoding="utf-8"))]


def apply(block: Block, root: Path) -> None:
    path = root / block.path
    if block.mode == "new":
        assert not path.exists(), block.path
        path.write_text(block.text, encoding="utf-8")
        return
    current = path.read_text(encoding="utf-8")
    if block.mode == "append to":
        path.write_text(current.rstrip("\n") + "\n" + block.text, encoding="utf-8")
        return
    lines = current.splitlines(keepends=True)
    if block.mode == "remove from":
        for gone in block.text.splitlines(keepends=True):
            assert lines.count(gone) == 1, f"{block.path}: {gone!r} must be there once"
            lines.remove(gone)
        path.write_text("".join(lines), encoding="utf-8")
        return
    at = [i for i, line in enumerate(lines) if line.rstrip("\n") == block.anchor]
    assert len(at) == 1, f"{block.path}: the anchor {block.anchor!r} must be one whole line"
    index = at[0] + (1 if block.mode == "after" else 0)
    path.write_text("".join(lines[:index]) + block.text + "".join(lines[index:]), encoding="utf-8")


def run(root: Path, *command: str, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("BOT_DATA_DIR", None)
    return subprocess.run(command, cwd=root, env=env, text=True, capture_output=True, timeout=timeout)


def check_registry(root: Path) -> subprocess.CompletedProcess:
    return run(root, sys.executable, "-m", "bot", "categories", "check")


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("extended") / "project"
    shutil.copytree(PROJECT_ROOT, root, ignore=_NOT_COPIED)
    (root / "node_modules").symlink_to(PROJECT_ROOT / "node_modules")  # the widget's files, unchanged
    return root


def test_the_example_touches_six_files_at_most():
    blocks = example_blocks()
    assert {b.mode for b in blocks} == {"new", "after", "before", "append to", "remove from"}
    assert len({b.path for b in blocks}) <= 6, sorted({b.path for b in blocks})


def test_the_registry_check_names_what_is_missing_until_the_example_is_complete(copy):
    blocks = example_blocks()
    for block in blocks:
        if block.path != "policy.yml":
            apply(block, copy)
    incomplete = check_registry(copy)
    assert incomplete.returncode == 1, incomplete.stdout + incomplete.stderr
    assert incomplete.stdout.splitlines() == ["policy.yml: categories: missing late_refund"]
    for block in blocks:
        if block.path == "policy.yml":
            apply(block, copy)
    complete = check_registry(copy)
    assert complete.returncode == 0, complete.stdout + complete.stderr
    assert "agrees with the category registry" in complete.stdout


def test_the_extended_project_validates_trains_and_passes_its_end_to_end_test(copy):
    if check_registry(copy).returncode != 0:
        pytest.fail("the example was not applied (the previous test failed)")
    rasa = str(Path(sys.executable).with_name("rasa"))
    validated = run(copy, rasa, "data", "validate", "--fail-on-warnings", timeout=300)
    assert validated.returncode == 0, validated.stdout[-3000:] + validated.stderr[-3000:]
    tested = run(copy, sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
                 "tests/e2e/test_late_refund.py", timeout=1200)
    assert tested.returncode == 0, tested.stdout[-5000:] + tested.stderr[-3000:]
    assert "2 passed" in tested.stdout
    # Training said where its output went, one line, and Rasa's own output is there.
    train_log = copy / "var" / "train.log"
    assert f"==> training the model (about 2 minutes; Rasa's output goes to {train_log})" in tested.stdout
    assert "Your Rasa model is trained" in train_log.read_text(encoding="utf-8")
    assert "Your Rasa model is trained" not in tested.stdout


def test_every_file_the_guide_names_exists():
    named = set(re.findall(r"`((?:bot|actions|data|tests|docs)/[\w/.-]+\.(?:py|yml|md))`", DOC.read_text()))
    added = {b.path for b in example_blocks() if b.mode == "new"}
    missing = [p for p in named - added if not (PROJECT_ROOT / p).exists()]
    assert missing == []
