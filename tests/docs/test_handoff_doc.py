"""The office-hours examples in docs/handoff.md and policy.yml are ones the policy accepts, as written."""
from __future__ import annotations

import re

import yaml

from bot.handoff.office_hours import parse_office_hours
from bot.settings import PROJECT_ROOT


def test_the_documented_office_hours_parse():
    doc = (PROJECT_ROOT / "docs" / "handoff.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", doc, re.DOTALL).group(1)
    hours = parse_office_hours(yaml.safe_load(example)["office_hours"])
    assert str(hours.zone) == "Europe/Madrid" and len(hours.hours[0]) == 2 and len(hours.holidays) == 2


def test_the_commented_example_in_policy_yml_parses():
    lines = (PROJECT_ROOT / "policy.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index("# office_hours:")
    block = []
    for line in lines[start:]:
        if not line.startswith("# "):
            break
        block.append(line[2:])
    hours = parse_office_hours(yaml.safe_load("\n".join(block))["office_hours"])
    assert len([day for day, spans in hours.hours.items() if spans]) == 5
