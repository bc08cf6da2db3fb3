"""`make run`: train if the data changed, start the action server and Rasa, wait for Ctrl-C.

Prints where everything is; the processes themselves are managed by bot.services.
"""
from __future__ import annotations

import os
import secrets
import signal
import time

from bot import settings
from bot.model import ensure_model
from bot.services import running


def main() -> None:
    model = ensure_model()
    token = settings.rasa_token() or _stored_token()
    print("==> starting the action server, Rasa and the website (about 40 seconds)", flush=True)
    with running(model, rasa_port=settings.rasa_port(), action_port=settings.action_port(),
                 web_port=settings.web_port(), env={"RASA_TOKEN": token}) as bot:
        print(f"""
Complaint bot is running.
  Demo shop page:    {bot.web_url}  (the chat widget; ?lang=es for Spanish)
  REST channel:      {bot.rasa_url}/webhooks/rest/webhook
  socket.io channel: {bot.rasa_url}/socket.io
  Rasa HTTP API:     {bot.rasa_url} (token in {settings.RUN_DIR / 'rasa-token'})
  Action server:     {bot.action_url}
  Logs:              {settings.RUN_DIR}/rasa.log, {settings.RUN_DIR}/actions.log, {settings.RUN_DIR}/web.log
  Child processes:   {' '.join(str(p.pid) for p in bot.processes)}
Press Ctrl-C to stop.""", flush=True)
        signal.signal(signal.SIGTERM, _stop_on_terminate)
        try:
            while all(p.poll() is None for p in bot.processes):
                time.sleep(1)
            print("a server stopped unexpectedly; see the logs above", flush=True)
        except KeyboardInterrupt:
            print("\n==> stopping", flush=True)


def _stop_on_terminate(*_) -> None:
    """SIGTERM stops everything the way Ctrl-C does."""
    raise KeyboardInterrupt


def _stored_token() -> str:
    """A token kept under the data folder so it survives restarts; made on first run."""
    path = settings.RUN_DIR / "rasa-token"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24))
        os.chmod(path, 0o600)
    return path.read_text().strip()


if __name__ == "__main__":
    main()
