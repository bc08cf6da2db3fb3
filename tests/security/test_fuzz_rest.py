"""Property-based fuzz (Hypothesis) of the REST channel on the real Rasa server: random unicode,
huge strings and odd JSON never cause a server error, every reply is in the customer's language,
and a normal customer is answered normally afterwards."""
from __future__ import annotations

import json

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.language import conversation_language, detect
from bot.serving.channel_input import button_commands
from bot.settings import max_message_chars

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


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(MESSAGES, MESSAGES, MESSAGES, JSON))
def test_fuzzed_rest_requests_never_break_the_server(bot, body):
    response = requests.post(f"{bot.url}/webhooks/rest/webhook", data=json.dumps(body), timeout=120,
                             headers={"Content-Type": "application/json"})
    assert response.status_code in (200, 400), (response.status_code, response.text[:200])
    said = " ".join(r.get("text") or "" for r in (response.json() if response.status_code == 200 else []))
    if said.strip():
        assert detect(said).likely == expected_language(bot, body), (body["message"][:80], said[:200])


def test_a_normal_customer_is_answered_after_the_fuzz(bot, conversation):
    assert bot.say(conversation("after-fuzz"), "hello")[0]["text"].startswith("Hi!")
