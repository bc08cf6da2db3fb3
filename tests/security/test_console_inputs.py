"""The console's query parameters over real HTTP: each extreme value the issue found gets a sane
answer (no 500), and a property-based fuzz (Hypothesis) of every page's parameters finds none."""
from __future__ import annotations

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.console_server import PASSWORD, csrf, sign_in

EXTREMES = [
    "/console/conversations?q=C-99999999999999999999999",
    "/console/conversations?date_to=9999-12-31",
    "/console/conversations?date_from=0001-01-01&date_to=0001-01-01",
    "/console/conversations?min_goodwill=sNaN",
    "/console/conversations?max_goodwill=Infinity&min_goodwill=1e999999",
    "/console/conversations?older=9999-12-31T23:59:59|x&newer=0001-01-01|y",
    "/console/audit?page=1e30",
    "/console/audit?page=100000000000000000000000",
    "/console/figures?to=0001-01-01",
    "/console/figures?from=9999-12-31&to=9999-12-31",
    "/console/conversations/c-es/turns.json?after=1e20",
    "/console/conversations/c-es/turns.json?after=99999999999999999999999",
    "/console/export?kind=cases&format=csv&date_to=9999-12-31&min_goodwill=NaN",
]
MALFORMED = ["/console/conversations?q=a%00b", "/console/conversations?older=2026-11-01T00:00:00|c%00",
             "/console/conversations/c%00es/turns.json", "/console/figures?%00=1"]
VALUES = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["9999-12-31", "0001-01-01", "NaN", "sNaN", "-Infinity", "1e30", "1e999999", "-1", "0",
                     "99999999999999999999999", "C-99999999999999999999999", "ORD-", "%", "_", "\\", "\x00",
                     "\n", "é" * 5000, "'; DROP TABLE cases; --", "<script>", "|", "2026-11-01|c-es"]),
)
PAGES = ["/console/conversations", "/console/figures", "/console/audit", "/console/export",
         "/console/conversations/c-es/turns.json", "/console/queue"]
KEYS = ["q", "date_from", "date_to", "language", "category", "outcome", "handed_off", "min_goodwill",
        "max_goodwill", "older", "newer", "page", "after", "from", "to", "kind", "format"]


@pytest.mark.parametrize("path", EXTREMES)
def test_extreme_values_get_a_sane_answer(console, path):
    lead = sign_in(console, "lena")
    assert lead.get(console + path).status_code == 200, path


@pytest.mark.parametrize("path", MALFORMED)
def test_a_nul_character_is_a_clear_400(console, path):
    lead = sign_in(console, "lena")
    assert lead.get(console + path).status_code == 400, path


def test_a_next_with_a_line_break_is_not_followed(console):
    browser = requests.Session()
    form = browser.get(f"{console}/console/login")
    response = browser.post(f"{console}/console/login", params={"next": "/console/queue\r\nSet-Cookie: x=1"},
                            data={"csrf_token": csrf(form.text), "name": "lena", "password": PASSWORD},
                            allow_redirects=False)
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/queue")
    assert "x=1" not in response.headers.get("Set-Cookie", "")


_signed_in: dict[str, requests.Session] = {}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PAGES), params=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6))
def test_fuzzed_query_parameters_never_break_a_page(console, path, params):
    lead = _signed_in.get(console) or _signed_in.setdefault(console, sign_in(console, "lena"))
    response = lead.get(console + path, params=params)
    assert response.status_code < 500, (path, params)
    assert response.status_code == 400 or not any("\x00" in k + v for k, v in params.items())
