"""The action server answers Rasa alone: it listens on loopback unless a setting says otherwise,
every call but the health check must show the shared secret before its body is read, and a
compressed body is inflated only up to a bound. Rasa's side adds the secret to each call
(`send_secret`, installed when Rasa loads bot.serving.tracker_store).

Guards only; what the actions do is actions/ and bot/'s business.
"""
from __future__ import annotations

import hmac
import os
import zlib
from typing import Any

import pluggy
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request

from bot import settings

SECRET_HEADER = "X-Action-Secret"
OPEN_PATHS = ("/health",)
MAX_INFLATED_BYTES = 20_000_000  # ten times the largest body Sanic takes (SANIC_REQUEST_MAX_SIZE)
hookimpl = pluggy.HookimplMarker("rasa_sdk")


class NotFromRasa(SanicException):
    status_code = 401


class TooLargeInflated(SanicException):
    status_code = 413


def _refuse(request: Request, error: SanicException) -> response.HTTPResponse:
    return response.json({"error": str(error)}, status=error.status_code)


def guard(app: Sanic, secret: str) -> None:
    """The checks on `app`, rasa_sdk's Sanic app."""

    @app.signal("http.routing.after")  # before Sanic reads the body
    async def only_rasa(request: Request, **_: Any) -> None:
        if request.path in OPEN_PATHS:
            return
        shown = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(shown.encode(), secret.encode()):
            raise NotFromRasa("This server answers the bot's Rasa server only.")

    @app.on_request
    async def inflate_within_bound(request: Request) -> None:
        if request.headers.get("Content-Encoding", "").lower() != "deflate":
            return
        inflater = zlib.decompressobj()
        try:
            body = inflater.decompress(request.body, MAX_INFLATED_BYTES)
        except zlib.error as error:
            raise SanicException("The body is not deflate data.", status_code=400) from error
        if inflater.unconsumed_tail:
            raise TooLargeInflated("The inflated body is too large.")
        request.body = body
        request.headers["Content-Encoding"] = "identity"  # rasa_sdk's handler reads it as plain JSON

    app.error_handler.add(NotFromRasa, _refuse)
    app.error_handler.add(TooLargeInflated, _refuse)
    app.error_handler.add(SanicException, _refuse)


class _ActionServerPlugin:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        """rasa_sdk calls this before it reads SANIC_HOST and starts listening."""
        os.environ["SANIC_HOST"] = settings.action_server_host()
        guard(app, settings.action_server_secret())


def init_hooks(manager: pluggy.PluginManager) -> None:
    """rasa_sdk's plugin entry point (it imports the top-level package `rasa_sdk_plugins`)."""
    manager.register(_ActionServerPlugin())


def send_secret() -> None:
    """Rasa shows the secret on every call to the action server: each RemoteAction (and each form's
    validation action) is made with the action endpoint plus the header."""
    from rasa.core.actions.action import RemoteAction  # Rasa's side only: the action server never loads Rasa

    made = RemoteAction.__init__
    if getattr(made, "sends_action_secret", False):
        return
    secret = settings.action_server_secret()

    def with_secret(self, name: str, action_endpoint: Any) -> None:
        made(self, name, action_endpoint)
        if action_endpoint is not None and SECRET_HEADER not in (action_endpoint.headers or {}):
            action_endpoint.headers = {**(action_endpoint.headers or {}), SECRET_HEADER: secret}

    with_secret.sends_action_secret = True  # type: ignore[attr-defined]
    RemoteAction.__init__ = with_secret
