"""Property-based fuzz (Hypothesis) of the REST channel on the real Rasa server: random unicode,
huge strings and odd JSON never cause a server error, nor an exception in the servers' logs (the
channel turns one into a polite apology, so the status alone cannot tell), every reply is in the
customer's language as domain.yml writes it (not as the product's own detector reads it), and a
normal customer is answered normally afterwards."""
from __future__ import annotations

import json
import re
from functools import lru_cache

import requests
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.complaints.category_training import category_domain
from bot.language import conversation_language
from bot.serving.channel_input import TOO_LONG, button_commands
from bot.serving.channels.guards import APOLOGY
from bot.settings import PROJECT_ROOT, max_message_chars

SAMPLE = 1000  # an over-long message's language is told from its start (bot.serving.channel_input)

TEXTS = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=4000, max_size=12000),
    st.sampled_from(["", " ", "🙂" * 50, "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "/affirm",
                     '/provide_order{"order_ref": "ORD-10001"}', "ORD-10001 alice@example.com", "\x00\x01",
                     "mi pedido no ha llegado", "my parcel never arrived", "a" * 300_000 + "@" + "b" * 10]),
)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children,
                                                                                          max_size=4),
                    max_leaves=12)
SENDERS = st.uuids().map(lambda u: f"fz-{u.hex[:16]}")
MESSAGES = st.fixed_dictionaries({
    "sender": SENDERS, "message": TEXTS,
    "metadata": st.one_of(st.none(), st.fixed_dictionaries({"language": st.sampled_from(["en", "es", "fr", ""])}),
                          st.dictionaries(st.text(max_size=8), JSON, max_size=3)),
})


def expected_language(bot, body: dict) -> str:
    """The message's own language when it is clear, else the page's pinned one, else the
    conversation's (English for a new one); a button command carries no words, so its replies keep
    the conversation's language."""
    text = body["message"]
    if text.strip() in button_commands():
        return bot.tracker(body["sender"])["slots"]["language"]
    metadata = body.get("metadata") or {}
    pinned = metadata.get("language") if isinstance(metadata.get("language"), str) else None
    sample = text[:SAMPLE] if len(text) > max_message_chars() else text
    # A message with no language of its own (empty, emoji) keeps the conversation's.
    return conversation_language(sample, pinned) or bot.tracker(body["sender"])["slots"].get("language") or "en"


@lru_cache(maxsize=1)
def _written() -> list[tuple[str, re.Pattern]]:
    """Every reply the bot can give, as domain.yml (and the channel) writes it, with its language;
    a placeholder matches anything."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    written = []
    for variations in {**domain["responses"], **category_domain()["responses"]}.values():
        for variation in variations:
            language = next((c["value"] for c in variation.get("condition") or [] if c.get("name") == "language"),
                            "en")
            if variation.get("text"):
                written.append((language, variation["text"]))
    written += [(language, text) for texts in (TOO_LONG, APOLOGY) for language, text in texts.items()]
    return [(language, re.compile(re.sub(r"\\\{\w+\\\}", ".*?", re.escape(" ".join(text.split()))), re.DOTALL))
            for language, text in written]


def languages_of(reply: str) -> set[str]:
    """The languages of the responses `reply` is one of."""
    said = " ".join(reply.split())
    return {language for language, pattern in _written() if pattern.fullmatch(said)}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(MESSAGES, MESSAGES, MESSAGES, JSON))
def test_fuzzed_rest_requests_never_break_the_server(bot, body):
    marks = bot.log_marks()
    response = requests.post(f"{bot.url}/webhooks/rest/webhook", data=json.dumps(body), timeout=120,
                             headers={"Content-Type": "application/json"})
    assert response.status_code in (200, 400), (response.status_code, response.text[:200])
    assert not bot.errors_since(marks), (str(body)[:200], bot.errors_since(marks)[:5])
    for reply in (response.json() if response.status_code == 200 else []):
        if (reply.get("text") or "").strip():
            expected = expected_language(bot, body)
            assert expected in languages_of(reply["text"]), (body["message"][:80], expected, reply["text"][:200])


def test_a_normal_customer_is_answered_after_the_fuzz(bot, conversation):
    assert bot.say(conversation("after-fuzz"), "hello")[0]["text"].startswith("Hi!")
