"""`rasa …` as a child process that takes the HTTP API token from the environment (`RASA_TOKEN`)
instead of its command line, where every local user could read it in the process list, logs with
customers' personal data masked (bot.privacy.log_masking), and never falls back to an in-memory tracker
store when the database is down (bot.serving.tracker_store).

Argument passing only; what to run is the caller's choice (bot.serving.services).
"""
from __future__ import annotations

import sys

from rasa.__main__ import main as rasa_main

from bot import settings
from bot.privacy.log_masking import install as mask_logs
from bot.serving.tracker_store import install as no_tracker_store_fallback


def main() -> None:
    # Rasa reads its arguments from sys.argv; the process list shows the original command line.
    token = settings.rasa_token()
    sys.argv = ["rasa", *sys.argv[1:], *([f"--auth-token={token}"] if token else [])]
    mask_logs()
    no_tracker_store_fallback()
    rasa_main()


if __name__ == "__main__":
    main()
