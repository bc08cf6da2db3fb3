"""The worked examples of docs/extending.md, applied as written to copies of the project: for the new
category, the registry check fails until every piece is there, then the data validates, the model
trains and the example's own end-to-end test passes; the new console page and the new channel each
pass their own test in the extended copy."""
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
NEW_CATEGORY = "Worked example: a refund that has not arrived"
NEW_CONSOLE_PAGE = "Worked example: a new console page"
NEW_CHANNEL = "Worked example: a new channel"
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


def example_blocks(section: str = NEW_CATEGORY) -> list[Block]:
    """The blocks of the worked example under the `## ` heading that starts with `section`."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("\n## " + section)
    end = text.find("\n## ", start + 1)
    return [Block(where or mode, path, anchor or "", body)
            for mode, path, where, anchor, body in _BLOCK.findall(text[start:end if end > 0 else None])]


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


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> Path:
    """A copy of the project with the console page and the channel examples applied, and the
    trained model shared (neither example changes what the model is trained from)."""
    root = tmp_path_factory.mktemp("extended-ui") / "project"
    shutil.copytree(PROJECT_ROOT, root, ignore=_NOT_COPIED)
    (root / "node_modules").symlink_to(PROJECT_ROOT / "node_modules")
    (root / "models").symlink_to(PROJECT_ROOT / "models")
    for block in [*example_blocks(NEW_CONSOLE_PAGE), *example_blocks(NEW_CHANNEL)]:
        apply(block, root)
    return root


@pytest.mark.parametrize("section, test_file, tests", [
    (NEW_CONSOLE_PAGE, "tests/bot/web/test_open_cases.py", 2),
    (NEW_CHANNEL, "tests/e2e/test_plain_text_channel.py", 1),
])
def test_the_example_passes_its_own_test_in_the_extended_project(extended, section, test_file, tests):
    assert test_file in {b.path for b in example_blocks(section)}
    assert not (PROJECT_ROOT / test_file).exists(), "the example's test is the guide's, not the project's"
    tested = run(extended, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_file, timeout=900)
    assert tested.returncode == 0, tested.stdout[-5000:] + tested.stderr[-3000:]
    passed = re.search(r"(\d+) passed", tested.stdout)
    assert passed and int(passed.group(1)) >= tests, tested.stdout[-2000:]  # the console's: once per database


def test_every_file_the_guide_names_exists():
    named = set(re.findall(r"`((?:bot|actions|data|tests|docs)/[\w/.-]+\.(?:py|yml|md))`", DOC.read_text()))
    added = {b.path for section in (NEW_CATEGORY, NEW_CONSOLE_PAGE, NEW_CHANNEL)
             for b in example_blocks(section) if b.mode == "new"}
    missing = [p for p in named - added if not (PROJECT_ROOT / p).exists()]
    assert missing == []
