"""Each reply variation's language, told to the channel: a variation conditioned on the
`language` slot is in that language, the unconditioned default is English (domain.yml's rule).

Adds `metadata.language` to the domain's responses at training (bot/complaints/category_importer.py); the
socket.io channel passes it to the widget (bot/serving/channels/socketio.py). Words are untouched.
"""
from __future__ import annotations

from typing import Any

from bot.language import DEFAULT_LANGUAGE


def variation_language(variation: dict[str, Any]) -> str:
    """The language a variation is written in, from its condition on the `language` slot."""
    for condition in variation.get("condition") or []:
        if condition.get("type") == "slot" and condition.get("name") == "language":
            return str(condition.get("value"))
    return DEFAULT_LANGUAGE


def with_reply_languages(responses: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The responses with each variation's `metadata.language` set (other metadata kept)."""
    return {name: [{**variation, "metadata": {**(variation.get("metadata") or {}),
                                              "language": variation_language(variation)}}
                   for variation in variations]
            for name, variations in responses.items()}
