"""The website side: a demo shop page with the chat widget (and, later, the support console).

A Flask app factory only; pages live in their own blueprints.
"""
from __future__ import annotations

from flask import Flask

from bot.web.shop import shop


def create_app(rasa_url: str) -> Flask:
    """The web app; `rasa_url` is where browsers reach Rasa's socket.io channel."""
    app = Flask(__name__)
    app.config["RASA_URL"] = rasa_url
    app.register_blueprint(shop)
    return app
