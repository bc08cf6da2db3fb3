"""The Content-Security-Policy of every page: scripts only from this site or with the page's
nonce, connections only to this site and to Rasa (the widget's socket.io), no framing.

Builds headers only; each template marks its inline script with `csp_nonce`.
"""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, g


def _socket_origins(rasa_url: str) -> str:
    parts = urlsplit(rasa_url)
    if not parts.scheme or not parts.netloc:
        return ""
    websocket = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    return f"{parts.scheme}://{parts.netloc} {websocket}://{parts.netloc}"


def content_security_policy(nonce: str, rasa_url: str) -> str:
    # The widget injects its styles at run time, so styles need 'unsafe-inline' (styles cannot run code).
    return "; ".join([
        "default-src 'self'", f"script-src 'self' 'nonce-{nonce}'", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:", "font-src 'self' data:", f"connect-src 'self' {_socket_origins(rasa_url)}".strip(),
        "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
    ])


def init_content_policy(app: Flask) -> None:
    @app.before_request
    def make_nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.context_processor
    def nonce_for_templates() -> dict:
        return {"csp_nonce": g.get("csp_nonce", "")}

    @app.after_request
    def add_header(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy",
                                    content_security_policy(g.get("csp_nonce", ""), app.config["RASA_URL"]))
        return response
