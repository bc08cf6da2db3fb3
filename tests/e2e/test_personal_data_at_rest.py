"""Personal data at rest, through REST with the real model and the product's tracker store: after
a complaint full of personal data in each language, neither Rasa's tracker store nor the console's
search index holds any of it in clear, and the complaint still reaches its outcome (the proven
email is sealed in our store, not read back from the tracker)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.console.conversation_index import sync
from bot.store import make_engine, session_scope
from bot.store.models import ConversationSummary, Verification
from bot.store.tracker_events import conversation_events
from tests.e2e.test_conversations import case_of, texts

CARD, PHONE, DNI = "4012 8888 8888 1881", "+34 612 345 678", "12345678Z"


@pytest.mark.parametrize("language, messages, demo_order", [
    ("en", ("You charged me twice for the same order", "{order}", "{email}, and my phone is {phone}",
            "A refund to my card {card} please"), "ORD-10003"),
    ("es", ("Me habéis cobrado dos veces el mismo pedido", "{order}", "{email}, mi DNI es {dni} y mi móvil {phone}",
            "Un reembolso a la tarjeta {card}"), "ORD-20003"),
])
def test_nothing_personal_is_kept_in_clear(bot, conversation, fresh_order, language, messages, demo_order):
    sender = conversation(language)
    order, email = fresh_order(demo_order)
    for message in messages:
        replies = bot.say(sender, message.format(order=order, email=email, phone=PHONE, card=CARD, dni=DNI))
    assert case_of(bot, sender)["outcome"] == "goodwill", texts(replies)
    tracker = make_engine(bot.env["TRACKER_STORE_URL"])
    saved = " ".join(str(event.data) for event in conversation_events(tracker, sender))
    with session_scope(bot.engine) as session:
        sync(tracker, session)
        index = session.get(ConversationSummary, sender).search_text
        sealed = session.execute(select(Verification.email_sealed).where(Verification.conversation_id == sender)
                                 ).scalar_one()
    local = email.split("@")[0]
    for clear in (CARD, PHONE, DNI, local):
        assert clear not in saved and clear.lower() not in index, clear
    assert "[card ••1881]" in saved and local not in sealed
