"""A REST request sent again is answered once. Behind HAProxy, a request whose Rasa instance died
while working on it is sent again to another instance (docs/deploy.md). The dead instance may have
saved the message and the bot's replies just before it died: then the retry gets those replies from
the tracker store instead of the message being handled twice. Each message is saved with its
request's id as its `message_id`, which is how the retry finds it.
"""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy.engine import Engine

from bot.store.tracker_events import conversation_events, user_event_with_message_id

# The keys of a bot message that Rasa's REST channel answers with (CollectingOutputChannel).
_REPLY_PARTS = ("image", "buttons", "attachment", "custom")


def saved_replies(tracker: Engine, conversation_id: str, request_id: str) -> Optional[list[dict[str, Any]]]:
    """The bot's replies saved after the message with `request_id` in this conversation, as the REST
    channel sends them; None when no such message was saved (the request is new). Every REST request
    behind HAProxy asks, so a new one costs one indexed query; the conversation is read only for a
    request seen before. The Rasa server creates the events table when it starts."""
    message = user_event_with_message_id(tracker, conversation_id, request_id)
    if message is None:
        return None
    replies = []
    for event in conversation_events(tracker, conversation_id, after_id=message):
        if event.type == "user":
            break  # the next message: the replies to ours are all read
        if event.type == "bot":
            replies.append(_reply(event.data))
    return replies


def _reply(event: dict[str, Any]) -> dict[str, Any]:
    parts = event.get("data") or {}
    return {**({"text": event["text"]} if event.get("text") else {}),
            **{key: parts[key] for key in _REPLY_PARTS if parts.get(key)}}
