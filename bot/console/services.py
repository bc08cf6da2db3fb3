"""What the console's pages need from outside: our store, Rasa's tracker store, Rasa's API, the policy.

Built once per web app; holds connections, never request state.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import Engine

from bot.complaints.policy import Policy
from bot.mail.postbox import Postbox
from bot.mail.reply_tokens import ReplyAddresses
from bot.serving.rasa_api import RasaClient


@dataclass(frozen=True, kw_only=True)
class ConsoleServices:
    store: Engine
    tracker: Engine
    rasa: RasaClient
    policy: Policy
    reports: Path  # where `python -m bot report` writes (bot.settings.reports_dir)
    postbox: Postbox  # where an agent's reply by email goes (SMTP_URL, else the outbox folder)
    mail_from: str
    replies: ReplyAddresses  # the per-case addresses customers answer emails to


def console_services() -> ConsoleServices:
    """The current app's services (set by `bot.web.create_app`)."""
    return current_app.extensions["console"]
