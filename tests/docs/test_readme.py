"""The README tells the truth today: its headline figures are the ones the benchmarks last wrote into
docs/benchmarks.md and docs/deploy.md (compared, never measured again), with their date and core
count; every document it links exists; and no document names the project's issue numbers, which
mean nothing to a reader."""
from __future__ import annotations

import re

import pytest

from benchmarks import readme_figures
from benchmarks.readme_figures import BENCHMARKS, DEPLOY, README, MissingFigure, current_block, headline
from bot.settings import PROJECT_ROOT

DOCS = [README, *sorted((PROJECT_ROOT / "docs").glob("*.md"))]


def test_the_readme_gives_the_figures_the_benchmarks_last_wrote():
    block = current_block(README.read_text(encoding="utf-8"))
    assert block == headline(BENCHMARKS.read_text(encoding="utf-8"), DEPLOY.read_text(encoding="utf-8")), (
        "the README's figures differ from docs/benchmarks.md or docs/deploy.md: "
        "run `.venv/bin/python -m benchmarks.readme_figures`")
    assert re.search(r"on \d{4}-\d{2}-\d{2} on one machine \([^)]*, \d+ cores\)", block)


def test_a_figure_missing_from_the_documents_is_named():
    benchmarks = BENCHMARKS.read_text(encoding="utf-8")
    with pytest.raises(MissingFigure, match="openers held-out"):
        headline(benchmarks.replace("openers held-out", "openers"), DEPLOY.read_text(encoding="utf-8"))


def test_a_changed_figure_is_found(tmp_path, monkeypatch):
    readme, deploy = tmp_path / "README.md", tmp_path / "deploy.md"
    readme.write_text(README.read_text(encoding="utf-8"), encoding="utf-8")
    deploy.write_text(DEPLOY.read_text(encoding="utf-8").replace("| 2 | 50 | 292 | 838 | 1986 | 45.6 | 0 | 1.26× |",
                                                                 "| 2 | 50 | 292 | 838 | 1986 | 45.6 | 0 | 1.61× |"),
                      encoding="utf-8")
    monkeypatch.setattr(readme_figures, "README", readme)
    monkeypatch.setattr(readme_figures, "DEPLOY", deploy)
    readme_figures.update()
    assert "1.61× at 50 customers" in readme.read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_no_document_names_an_issue_number(doc):
    text = doc.read_text(encoding="utf-8")
    assert re.findall(r"(?i)\bissues? #?\d+", text) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_every_local_link_points_at_a_file(doc):
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8"))
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert [link for link in local if not (doc.parent / link).exists()] == []
