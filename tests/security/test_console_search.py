"""Searching the console tells nothing about personal data a console user sees masked: the
index keeps customers' words masked, and a search is masked the same way (real HTTP)."""
from __future__ import annotations

from tests.console_server import sign_in
from tests.trackers import customer, language


def found(browser, base: str, q: str) -> bool:
    return "/console/conversations/c-card" in browser.get(f"{base}/console/conversations", params={"q": q}).text


def test_a_full_email_or_card_number_cannot_be_probed(console, rasa_trackers):
    rasa_trackers.add("c-card", [customer("charged twice on 4012 8888 8888 1881, write to maria@example.es",
                                          "complain_billing", 300), language("en", 301)])
    for name in ("ana", "lena"):
        user = sign_in(console, name)
        assert found(user, console, "charged twice"), "ordinary words are still found"
        assert found(user, console, "maria@example.es") == found(user, console, "mario@example.es")
        assert found(user, console, "4012 8888 8888 1881") == found(user, console, "5500 0000 0006 1881")
        assert not found(user, console, "maria@exa") and not found(user, console, "4012 8888 8888")
