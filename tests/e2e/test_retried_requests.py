"""A REST request sent again with the same `X-Request-Id` (HAProxy's retry after an instance died, or a
client's own) is answered with the replies saved the first time, not handled twice; on the real
Rasa server and tracker store."""
from __future__ import annotations

import uuid

import requests


def post(bot, sender: str, text: str, request_id: str) -> requests.Response:
    return requests.post(f"{bot.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                         headers={"X-Request-Id": request_id}, timeout=60)


def user_texts(bot, sender: str) -> list[str]:
    return [e["text"] for e in bot.tracker(sender)["events"] if e["event"] == "user"]


def test_a_request_sent_again_is_answered_once(bot, conversation, fresh_order):
    order, _ = fresh_order("ORD-10001")
    sender, first_id = conversation("retried"), uuid.uuid4().hex
    first = post(bot, sender, "My parcel never arrived", first_id).json()
    again = post(bot, sender, "My parcel never arrived", first_id).json()
    assert first and again == first
    order_id = uuid.uuid4().hex
    asked = post(bot, sender, order, order_id).json()
    assert "email" in asked[-1]["text"]
    assert post(bot, sender, order, order_id).json() == asked, "a later message's replies are its own"
    assert post(bot, sender, "My parcel never arrived", first_id).json() == first, "an older one is found too"
    assert user_texts(bot, sender) == ["My parcel never arrived", order]


def test_the_same_words_under_a_new_id_are_a_new_message(bot, conversation):
    sender = conversation("not-retried")
    for _ in range(2):
        assert post(bot, sender, "hello", uuid.uuid4().hex).ok
    assert user_texts(bot, sender) == ["hello", "hello"]


def test_a_request_id_is_kept_to_its_own_conversation(bot, conversation):
    request_id, first, second = uuid.uuid4().hex, conversation("one"), conversation("two")
    assert post(bot, first, "My parcel never arrived", request_id).ok
    assert post(bot, second, "hello", request_id).json()[0]["text"].startswith("Hi!")
    assert user_texts(bot, second) == ["hello"]


def test_a_request_id_in_the_body_is_not_taken(bot, conversation):
    """Only the checked header names a request; the body's metadata cannot set a message's id."""
    sender = conversation("body-id")
    reply = requests.post(f"{bot.url}/webhooks/rest/webhook", timeout=60,
                          json={"sender": sender, "message": "hello", "metadata": {"request_id": "<b>x</b>"}})
    assert reply.ok
    user = [e for e in bot.tracker(sender)["events"] if e["event"] == "user"]
    assert [e["text"] for e in user] == ["hello"] and user[0]["message_id"] != "<b>x</b>"
