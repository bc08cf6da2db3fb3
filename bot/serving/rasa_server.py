"""`rasa …` as a child process that takes the HTTP API token from the environment (`RASA_TOKEN`)
instead of its command line, where every local user could read it in the process list.

Argument passing only; what to run is the caller's choice (bot.serving.services). The project's changes
to Rasa itself are installed however Rasa starts (bot.serving.tracker_store.install_rasa_patches).
"""
from __future__ import annotations

import sys

from rasa.__main__ import main as rasa_main

from bot import settings


def main() -> None:
    # Rasa reads its arguments from sys.argv; the process list shows the original command line.
    token = settings.rasa_token()
    sys.argv = ["rasa", *sys.argv[1:], *([f"--auth-token={token}"] if token else [])]
    rasa_main()


if __name__ == "__main__":
    main()
