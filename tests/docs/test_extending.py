"""The worked example in docs/extending.md runs as written, on the demo records."""
import copy
import re

from bot import evidence, facts_text
from bot.settings import PROJECT_ROOT
from bot.store import session_scope

DOC = PROJECT_ROOT / "docs" / "extending.md"


def test_worked_example_runs(demo_store, policy, monkeypatch):
    monkeypatch.setattr(evidence, "CHECKS_BY_CATEGORY", copy.deepcopy(evidence.CHECKS_BY_CATEGORY))
    monkeypatch.setattr(facts_text, "_FACTS", copy.deepcopy(facts_text._FACTS))
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 3
    with session_scope(demo_store) as session:
        namespace = {"session": session, "policy": policy}
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), namespace)


def test_every_file_the_guide_names_exists():
    named = set(re.findall(r"`((?:bot|actions|data|tests|docs)/[\w/.-]+\.(?:py|yml|md))`", DOC.read_text()))
    example = {"bot/evidence/late_report_evidence.py"}
    missing = [p for p in named - example if not (PROJECT_ROOT / p).exists()]
    assert missing == []
