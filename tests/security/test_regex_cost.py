"""Every pattern run on each customer message costs time linear in its length: adversarial texts
of 200 KB are read in well under a second each (the quadratic patterns this replaced took minutes).
A guard against catastrophic backtracking, not a speed target (those live in benchmarks/)."""
from __future__ import annotations

import re
import time

import pytest
import yaml

from bot.complaints.case_status import parse_case_reference
from bot.complaints.form_validation import parse_remedy
from bot.language import requested_language, words_of
from bot.nlu.courtesy import content_start
from bot.orders.lookup import gives_order_details, parse_email, parse_order_reference
from bot.privacy.pii import mask_personal_data
from bot.settings import PROJECT_ROOT

SIZE = 200_000
ADVERSARIAL = {
    "letters": "a" * SIZE,
    "one @ in the middle": "a" * (SIZE // 2) + "@" + "b" * (SIZE // 2),
    "dotted": "a." * (SIZE // 2),
    "digits": "1" * SIZE,
    "spaced digits": "1 " * (SIZE // 2),
    "spaces": " " * SIZE,
    "many @": "a@" * (SIZE // 2),
    "digits and commas": "1,5" * (SIZE // 3),
    "greetings": "hi, " * (SIZE // 4),
    "speaking words": "hablar " * (SIZE // 7) + "en español",
    "case words": "case c- " * (SIZE // 8),
}
LIMIT_SECONDS = 2.0


def _entity_patterns() -> list[str]:
    data = yaml.safe_load((PROJECT_ROOT / "data/nlu/entities.yml").read_text())
    return [line[2:] for item in data["nlu"] if "regex" in item for line in item["examples"].splitlines()
            if line.startswith("- ")]


READERS = {
    "mask_personal_data": mask_personal_data, "words_of": words_of, "parse_email": parse_email,
    "requested_language": requested_language, "content_start": content_start,
    "parse_order_reference": parse_order_reference, "parse_remedy": parse_remedy,
    "parse_case_reference": parse_case_reference, "gives_order_details": gives_order_details,
    **{f"entity {pattern[:30]}": (lambda text, p=re.compile(pattern): list(p.finditer(text)))
       for pattern in _entity_patterns()},
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("kind", ADVERSARIAL)
def test_pattern_cost_is_linear(reader, kind):
    started = time.perf_counter()
    READERS[reader](ADVERSARIAL[kind])
    assert time.perf_counter() - started < LIMIT_SECONDS
