"""What every action shares: the policy, the client of Rasa's API, the postbox, masked log lines, and the
apology when the records cannot be reached. Each is made on first use from the settings (none at
import), and read as `runtime.policy()`, so a test can set another."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import List

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.complaints.policy import Policy, load_policy
from bot.mail.postbox import Postbox
from bot.privacy.log_masking import install as mask_logs
from bot.serving.rasa_api import RasaClient
from bot.settings import outbox_dir, rasa_api_url, rasa_token, smtp_url

mask_logs()  # the action server's log lines too
logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def policy() -> Policy:
    return load_policy()


@lru_cache(maxsize=1)
def rasa() -> RasaClient:
    """Reads pieces of a message (bot.complaints.two_problems)."""
    return RasaClient(rasa_api_url(), rasa_token(), timeout=5.0)


@lru_cache(maxsize=1)
def postbox() -> Postbox:
    """Sends the code that confirms an address (bot.handoff.address_confirmation)."""
    return Postbox(smtp_url(), outbox_dir())


def records_unavailable(dispatcher: CollectingDispatcher, error: Exception) -> List[EventType]:
    logger.error("records store unavailable: %s", error.__class__.__name__)
    dispatcher.utter_message(response="utter_records_unavailable")
    return []
