"""Configuration read from environment variables, with embedded defaults.

The only place that reads the environment; everything else asks this module, when it needs the value
(nothing here is read at import time, so a test or a launcher may set the environment first). Each
secret has one function: its variable, else a secret kept in the data folder, made on first use.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from bot.secret_file import stored_secret

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where the embedded databases, logs, secrets and reports live (`BOT_DATA_DIR`, default `var/`)."""
    return Path(env.get("BOT_DATA_DIR") or PROJECT_ROOT / "var")


def policy_file(env: Mapping[str, str] = os.environ) -> Path:
    """The decision policy (`BOT_POLICY_FILE`, default `policy.yml`)."""
    return Path(env.get("BOT_POLICY_FILE") or PROJECT_ROOT / "policy.yml")


def _secret(env: Mapping[str, str], variable: str, file_name: str) -> str:
    return env.get(variable) or stored_secret(data_dir(env) / file_name)


def database_url(env: Mapping[str, str] = os.environ) -> str:
    """Our store: `DATABASE_URL`, else a SQLite file under the data folder."""
    return env.get("DATABASE_URL") or f"sqlite:///{data_dir(env) / 'records.db'}"


def tracker_store_url(env: Mapping[str, str] = os.environ) -> str:
    """Rasa's tracker store: `TRACKER_STORE_URL`, else a SQLite file beside ours."""
    return env.get("TRACKER_STORE_URL") or f"sqlite:///{data_dir(env) / 'tracker.db'}"


def records_source(env: Mapping[str, str] = os.environ) -> str:
    """Where the company's records come from (`RECORDS_SOURCE`): `sql`, our store fed by the import
    (the default), or `medusa`, a Medusa v2 shop read live (docs/records.md)."""
    source = (env.get("RECORDS_SOURCE") or "sql").lower()
    if source not in ("sql", "medusa"):
        raise ValueError(f"RECORDS_SOURCE must be sql or medusa, not {source!r}")
    return source


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where installed tools outside the checkout are kept (`BOT_CACHE_DIR`, default
    `~/.cache/complaint-bot`): the Medusa shop of the tests and the demo."""
    return Path(env.get("BOT_CACHE_DIR") or Path.home() / ".cache" / "complaint-bot")


def medusa_url(env: Mapping[str, str] = os.environ) -> str:
    """The Medusa shop's address (`MEDUSA_URL`)."""
    return env.get("MEDUSA_URL") or "http://127.0.0.1:9000"


def medusa_api_key(env: Mapping[str, str] = os.environ) -> str:
    """A secret API key of the shop's Admin API (`MEDUSA_API_KEY`, `sk_…`); required with Medusa."""
    key = env.get("MEDUSA_API_KEY")
    if not key:
        raise ValueError("RECORDS_SOURCE=medusa needs MEDUSA_API_KEY, a secret API key of the shop's Admin API")
    return key


def redis_url(env: Mapping[str, str] = os.environ) -> str | None:
    """Rasa's lock store: `REDIS_URL` (redis://host:port/db), else in memory."""
    return env.get("REDIS_URL") or None


def rabbitmq_url(env: Mapping[str, str] = os.environ) -> str | None:
    """Rasa's event broker: `RABBITMQ_URL` (amqp://user:pass@host:port), else none."""
    return env.get("RABBITMQ_URL") or None


def rasa_instances(env: Mapping[str, str] = os.environ) -> int:
    """How many Rasa servers (and action servers) `make run` starts (`RASA_INSTANCES`, default 1);
    more than one run behind HAProxy on shared PostgreSQL and Redis (docs/deploy.md)."""
    value = int(env.get("RASA_INSTANCES") or 1)
    if not 1 <= value <= 16:
        raise ValueError(f"RASA_INSTANCES must be between 1 and 16, not {value}")
    return value


def rasa_port(env: Mapping[str, str] = os.environ) -> int:
    return int(env.get("RASA_PORT", 5005))


def action_port(env: Mapping[str, str] = os.environ) -> int:
    return int(env.get("ACTION_PORT", 5055))


def web_port(env: Mapping[str, str] = os.environ) -> int:
    return int(env.get("WEB_PORT", 8000))


def action_server_url(env: Mapping[str, str] = os.environ) -> str:
    return env.get("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")


def action_server_secret(env: Mapping[str, str] = os.environ) -> str:
    """What Rasa shows the action server on every call (`ACTION_SERVER_SECRET`; bot.serving.action_guard)."""
    return _secret(env, "ACTION_SERVER_SECRET", "action-server-secret")


def action_server_host(env: Mapping[str, str] = os.environ) -> str:
    """Where the action server listens (`SANIC_HOST`, which rasa_sdk reads): loopback unless a
    deployment on several hosts says otherwise."""
    return env.get("SANIC_HOST") or "127.0.0.1"


def trusted_proxies(env: Mapping[str, str] = os.environ) -> frozenset[str]:
    """The proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`, addresses separated
    by commas); none by default: the peer is the client."""
    return frozenset(part.strip() for part in env.get("TRUSTED_PROXIES", "").split(",") if part.strip())


def rasa_token(env: Mapping[str, str] = os.environ) -> str | None:
    """Token protecting Rasa's HTTP API, as given to this process (`RASA_TOKEN`); None: no token."""
    return env.get("RASA_TOKEN") or None


def launch_rasa_token(env: Mapping[str, str] = os.environ) -> str:
    """The token `make run` gives Rasa and our servers: `RASA_TOKEN`, else one kept in the data folder."""
    return _secret(env, "RASA_TOKEN", "rasa-token")


def rasa_api_url(env: Mapping[str, str] = os.environ) -> str:
    """Where our own server-side code reaches Rasa's HTTP API."""
    return env.get("RASA_API_URL") or f"http://127.0.0.1:{rasa_port(env)}"


def console_secret_key(env: Mapping[str, str] = os.environ) -> str:
    """Signs the console's session cookies (`CONSOLE_SECRET_KEY`)."""
    return _secret(env, "CONSOLE_SECRET_KEY", "console-secret")


def max_message_chars(env: Mapping[str, str] = os.environ) -> int:
    """Longest customer message the channels pass to Rasa (`MAX_MESSAGE_CHARS`, default 5,000: more
    than the longest story a customer tells); longer ones get a polite refusal."""
    return max(1, int(env.get("MAX_MESSAGE_CHARS") or 5000))


def socket_session_key(env: Mapping[str, str] = os.environ) -> str:
    """Signs the widget's session tokens (`SOCKET_SESSION_SECRET`). Every Rasa instance of one
    deployment must share it."""
    return _secret(env, "SOCKET_SESSION_SECRET", "session-secret")


def tracking_webhook_secret(env: Mapping[str, str] = os.environ) -> str:
    """Signs the tracking updates pushed to `/webhooks/tracking` (`TRACKING_WEBHOOK_SECRET`): the
    sender and the bot share it (docs/records.md)."""
    return _secret(env, "TRACKING_WEBHOOK_SECRET", "tracking-webhook-secret")


def aftership_webhook_secret(env: Mapping[str, str] = os.environ) -> str | None:
    """AfterShip's webhook secret (`AFTERSHIP_WEBHOOK_SECRET`, from its settings); unset: the
    AfterShip endpoint is off."""
    return env.get("AFTERSHIP_WEBHOOK_SECRET") or None


def email_key(env: Mapping[str, str] = os.environ) -> str:
    """Encrypts customers' verified emails (`BOT_EMAIL_KEY`; bot.privacy.email_vault). Every process
    of one deployment must share it."""
    return _secret(env, "BOT_EMAIL_KEY", "email-key")


def secure_cookies(env: Mapping[str, str] = os.environ) -> bool:
    """`CONSOLE_SECURE_COOKIES=1` when the console is served over HTTPS (a TLS proxy in front): the
    browser then sends its session cookie over HTTPS only."""
    return env.get("CONSOLE_SECURE_COOKIES", "") == "1"


def reports_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where `python -m bot report` writes and the console finds the latest report."""
    return data_dir(env) / "reports"


def smtp_url(env: Mapping[str, str] = os.environ) -> str | None:
    """The mail server for outgoing email (bot.mail.postbox); None writes `.eml` files instead."""
    return env.get("SMTP_URL") or None


def mail_from(env: Mapping[str, str] = os.environ) -> str:
    """The sender of the emails customers receive."""
    return env.get("MAIL_FROM") or "Customer care <care@localhost>"


def mail_reply_secret(env: Mapping[str, str] = os.environ) -> str:
    """Signs the per-case reply addresses (`MAIL_REPLY_SECRET`). The website and the mail ingress must
    share it."""
    return _secret(env, "MAIL_REPLY_SECRET", "mail-reply-secret")


def mail_reply_domain(env: Mapping[str, str] = os.environ) -> str:
    """The domain of the reply addresses (`MAIL_REPLY_DOMAIN`), whose mail reaches our ingress;
    by default the sender's."""
    return (env.get("MAIL_REPLY_DOMAIN") or mail_from(env).rsplit("@", 1)[-1].strip("> ")).lower()


def mail_ingress_port(env: Mapping[str, str] = os.environ) -> int:
    """Where our SMTP ingress for customers' emailed answers listens (`MAIL_INGRESS_PORT`)."""
    return int(env.get("MAIL_INGRESS_PORT") or 2525)


def mail_ingress_host(env: Mapping[str, str] = os.environ) -> str:
    """The interface the SMTP ingress listens on (`MAIL_INGRESS_HOST`; loopback by default, for a
    mail server on this host that forwards the reply domain to it)."""
    return env.get("MAIL_INGRESS_HOST") or "127.0.0.1"


def outbox_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where email goes when there is no mail server (the embedded default)."""
    return data_dir(env) / "outbox"
