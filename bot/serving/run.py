"""`make run`: train if the data changed, start the action server and Rasa, wait for Ctrl-C.

Prints where everything is; the processes themselves are managed by bot.serving.services.
"""
from __future__ import annotations

import signal
import time

from bot import settings
from bot.serving.model import ensure_model
from bot.serving.services import Running, running
from bot.store import default_engine, session_scope
from bot.store.accounts import list_users
from bot.store.migrate import upgrade

RECENT_SECONDS = 300  # restarts within this long count towards the pause before the next
MAX_PAUSE_SECONDS = 60


def main() -> None:
    upgrade(default_engine())
    model = ensure_model()
    token = settings.launch_rasa_token()
    instances = settings.rasa_instances()
    what = "the action server, Rasa" if instances == 1 else f"{instances} action and Rasa servers, HAProxy"
    print(f"==> starting {what} and the website (about 40 seconds)", flush=True)
    with running(model, rasa_port=settings.rasa_port(), action_port=settings.action_port(),
                 web_port=settings.web_port(), env={"RASA_TOKEN": token}, instances=instances,
                 mail_port=settings.mail_ingress_port()) as bot:
        print(_addresses(bot), flush=True)
        signal.signal(signal.SIGTERM, _stop_on_terminate)
        try:
            _watch(bot)
        except KeyboardInterrupt:
            print("\n==> stopping", flush=True)


def _addresses(bot: Running) -> str:
    logs = ", ".join(str(s.log) for s in (*bot.rasa_servers, *bot.action_servers, bot.web))
    balancer = (f"\n  HAProxy:           {bot.stats_url} (status); config {settings.data_dir() / 'haproxy.cfg'}"
                if bot.stats_url else "")
    return f"""
Complaint bot is running.
  Demo shop page:    {bot.web_url}  (the chat widget; ?lang=es for Spanish)
  Support console:   {bot.web_url}/console  ({_console_accounts()})
  REST channel:      {bot.rasa_url}/webhooks/rest/webhook
  socket.io channel: {bot.rasa_url}/socket.io
  Rasa HTTP API:     {bot.rasa_url} (token in {settings.data_dir() / 'rasa-token'})
  Action server:     {bot.action_url}{balancer}
  Email:             {_email_route()}
  Emailed answers:   smtp://{settings.mail_ingress_host()}:{bot.mail_port} (mail to @{settings.mail_reply_domain()})
  Logs:              {logs}
  Child processes:   {' '.join(str(p.pid) for p in bot.processes)}
Press Ctrl-C to stop."""


def _email_route() -> str:
    """Where an agent's reply by email goes (docs/handoff.md)."""
    url = settings.smtp_url()
    if url:
        return f"through {url.split('@')[-1]} (SMTP_URL), from {settings.mail_from()}"
    return f"written to {settings.outbox_dir()}/ as .eml files, not sent (set SMTP_URL to send)"


def _watch(bot: Running) -> None:
    """Until Ctrl-C: a server that stops (a crash, the kernel's out-of-memory killer) is logged and
    started again, the others serving meanwhile; one that keeps stopping waits longer each time."""
    restarts: dict[str, list[float]] = {}
    while True:
        time.sleep(1)
        for server in bot.servers:
            if server.process.poll() is None:
                continue
            recent = [moment for moment in restarts.get(server.name, []) if time.monotonic() - moment < RECENT_SECONDS]
            pause = min(2 ** len(recent), MAX_PAUSE_SECONDS) if recent else 0
            print(f"==> {server.name} stopped (exit {server.process.returncode}); starting it again"
                  + (f" in {pause} s" if pause else ""), flush=True)
            time.sleep(pause)
            restarts[server.name] = [*recent, time.monotonic()]
            try:
                bot.restart(server)
            except (RuntimeError, TimeoutError) as failed:
                print(f"==> {server.name} did not come back ({failed}); trying again", flush=True)
                continue
            print(f"==> {server.name} is back", flush=True)


def _console_accounts() -> str:
    with session_scope() as session:
        count = len(list_users(session))
    return f"{count} account(s)" if count else "no accounts yet: python -m bot users add NAME --role lead"


def _stop_on_terminate(*_) -> None:
    """SIGTERM stops everything the way Ctrl-C does."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
