"""Our side of Rasa's HTTP API: the console pauses, resumes and speaks into a customer's widget;
the action server reads a piece of a message with the model (`parse`).

Server-side only (the token never reaches a browser); it holds no state about conversations.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import quote

import requests


class RasaUnavailable(RuntimeError):
    """Rasa did not accept the request; nothing was changed in the conversation."""


@dataclass(frozen=True)
class RasaClient:
    url: str
    token: Optional[str]
    output_channel: str = "socketio"
    timeout: float = 10.0

    def _post(self, path: str, body: Any, **params: str) -> None:
        params = {**params, **({"token": self.token} if self.token else {})}
        try:
            response = requests.post(f"{self.url}{path}", json=body, params=params, timeout=self.timeout)
        except requests.RequestException as error:
            raise RasaUnavailable(f"Rasa is not reachable at {self.url}: {error.__class__.__name__}") from error
        if not response.ok:
            raise RasaUnavailable(f"Rasa refused {path.split('?')[0]}: HTTP {response.status_code}")

    def parse(self, text: str) -> tuple[str, float]:
        """The model's intent for `text` and its confidence; nothing is added to any conversation."""
        params = {"token": self.token} if self.token else {}
        try:
            response = requests.post(f"{self.url}/model/parse", json={"text": text}, params=params,
                                     timeout=self.timeout)
            response.raise_for_status()
        except requests.RequestException as error:
            raise RasaUnavailable(f"Rasa could not parse: {error.__class__.__name__}") from error
        intent = response.json().get("intent") or {}
        return str(intent.get("name") or ""), float(intent.get("confidence") or 0.0)

    def _events(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        self._post(f"/conversations/{quote(conversation_id, safe='')}/tracker/events", events,
                   execute_side_effects="true", output_channel=self.output_channel)

    def pause(self, conversation_id: str) -> None:
        """The bot stops answering this conversation (customer messages are still recorded), and
        drops any question it was still asking (a form), so that it does not ask it on resuming."""
        self._events(conversation_id, [{"event": "active_loop", "name": None},
                                       {"event": "slot", "name": "requested_slot", "value": None},
                                       {"event": "pause"}])

    def resume(self, conversation_id: str) -> None:
        self._events(conversation_id, [{"event": "resume"}])

    def say(self, conversation_id: str, text: str, agent: str, language: str) -> None:
        """A person's message, delivered live to the customer's widget and kept in the transcript;
        `language` is the conversation's (the widget marks the message with it)."""
        self._events(conversation_id, [{"event": "bot", "text": text,
                                        "metadata": {"agent": agent, "language": language}}])

    def customer_wrote(self, conversation_id: str, text: str, language: str, channel: str) -> None:
        """A customer's message that came another way (`channel`, e.g. "email"), kept in the
        conversation's transcript; the bot does not answer it (it listens, as after any turn)."""
        self._events(conversation_id, [
            {"event": "user", "text": text, "input_channel": channel,
             "parse_data": {"text": text, "intent": {}, "entities": []},  # not read by the model; Rasa needs it
             "metadata": {"channel": channel, "language": language}},
            {"event": "action", "name": "action_listen"}])

    def execute(self, conversation_id: str, action: str) -> None:
        """One of the domain's actions run in the conversation (a response, in the conversation's
        language, or a custom action), its messages sent to the widget. The bot then listens, as
        after any turn of its own: Rasa's /execute does not, and the customer's next message would
        not match the rules that start with it."""
        self._post(f"/conversations/{quote(conversation_id, safe='')}/execute", {"name": action},
                   output_channel=self.output_channel)
        self._events(conversation_id, [{"event": "action", "name": "action_listen"}])
