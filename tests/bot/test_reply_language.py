"""Every reply tells the widget its language: each variation of the domain Rasa trains on carries
the language of its condition, and the socket.io output passes it on with each message part."""
from __future__ import annotations

import pytest

from bot.complaints.category_importer import project_domain
from bot.language import detect
from bot.reply_language import variation_language, with_reply_languages
from bot.serving.channels.socketio import LanguageTaggedOutput, reply_language
from tests.services import run_async


def test_each_variation_carries_the_language_its_condition_names():
    responses = project_domain().responses
    assert responses, "the project has replies"
    for name, variations in responses.items():
        languages = [variation["metadata"]["language"] for variation in variations]
        assert set(languages) == {"en", "es"}, name
        for variation in variations:
            assert variation["metadata"]["language"] == variation_language(variation), name
            text = variation.get("text") or ""
            if len(text.split()) >= 8 and "{" not in text:
                assert detect(text).language == variation["metadata"]["language"], (name, text)


def test_other_metadata_is_kept():
    tagged = with_reply_languages({"utter_x": [{"text": "hola", "metadata": {"rtl": False},
                                               "condition": [{"type": "slot", "name": "language", "value": "es"}]}]})
    assert tagged["utter_x"][0]["metadata"] == {"rtl": False, "language": "es"}


class Socket:
    def __init__(self) -> None:
        self.sent: list[dict] = []

    async def emit(self, event, data, room=None):
        self.sent.append(data)


@pytest.mark.parametrize("reply, language", [
    ({"text": "Hola\n\n¿Algo más?", "buttons": [{"title": "Sí", "payload": "/affirm"}],
      "metadata": {"language": "es"}}, "es"),
    ({"text": "Hello, I'm Ana", "agent": "ana", "language": "en"}, "en"),  # a person's, from the console
    ({"text": "no language said"}, None),
    ({"text": "forged", "metadata": {"language": "<script>"}}, None),
])
def test_every_part_of_a_message_says_its_language(reply, language):
    socket = Socket()
    run_async(LanguageTaggedOutput(socket, "bot_uttered").send_response("room", dict(reply)))
    assert reply_language(reply) == language
    assert socket.sent and all((part.get("metadata") or {}).get("language") == language for part in socket.sent)
