"""The website side: the demo shop page with the chat widget, and the support console.

A Flask app factory only; pages live in their own blueprints.
"""
from __future__ import annotations

import os
from typing import Mapping, Optional

from flask import Flask, abort, request
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.engine import Engine

from bot import settings
from bot.complaints.policy import load_policy
from bot.console.auth import init_login
from bot.console.blueprint import console
from bot.console.services import ConsoleServices
from bot.console.throttle import init_throttle
from bot.console.views import import_all as import_console_pages
from bot.mail.postbox import Postbox
from bot.mail.reply_tokens import ReplyAddresses
from bot.serving.rasa_api import RasaClient
from bot.store import make_engine
from bot.web.content_policy import init_content_policy
from bot.web.shop import shop
from bot.web.tracking_webhook import tracking_webhook


def create_app(rasa_url: str, *, env: Mapping[str, str] = os.environ, store: Optional[Engine] = None,
               tracker: Optional[Engine] = None) -> Flask:
    """The web app; `rasa_url` is where browsers reach Rasa's socket.io channel. The console reaches
    Rasa's HTTP API server-side (`RASA_API_URL`, `RASA_TOKEN`)."""
    app = Flask(__name__)
    app.config.update(
        RASA_URL=rasa_url,
        SECRET_KEY=settings.console_secret_key(env),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_SECURE=settings.secure_cookies(env), REMEMBER_COOKIE_SECURE=settings.secure_cookies(env),
    )
    app.extensions["console"] = ConsoleServices(
        store=store or make_engine(settings.database_url(env)),
        tracker=tracker or make_engine(settings.tracker_store_url(env)),
        rasa=RasaClient(settings.rasa_api_url(env), settings.rasa_token(env)), policy=load_policy(),
        reports=settings.reports_dir(env),
        postbox=Postbox(settings.smtp_url(env), settings.outbox_dir(env)), mail_from=settings.mail_from(env),
        replies=ReplyAddresses.from_settings(env))
    CSRFProtect(app).exempt(tracking_webhook)  # signed by its sender, not by a browser session
    init_login(app)
    init_throttle(app, env)
    init_content_policy(app)
    app.register_blueprint(shop)
    app.register_blueprint(tracking_webhook)
    import_console_pages()
    app.register_blueprint(console)

    @app.before_request
    def refuse_nul_characters():
        """No database keeps a NUL character in text (PostgreSQL refuses it): a request carrying
        one is malformed, 400, before any query sees it."""
        values = [request.path, *request.args.keys(), *request.args.values()]
        if request.method == "POST":
            values += [*request.form.keys(), *request.form.values()]
        if any("\x00" in value for value in values):
            abort(400)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app
