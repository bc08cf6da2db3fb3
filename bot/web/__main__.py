"""`python -m bot.web`: serve the website with waitress (started by `make run`), and with
`--mail-port`, the SMTP ingress for customers' emailed answers beside it (bot/mail/ingress.py).
"""
from __future__ import annotations

import argparse

from waitress import serve

from bot import settings
from bot.console.services import ConsoleServices
from bot.mail.ingress import ReplyIngress, start_ingress
from bot.remedies.live import start_reconciler
from bot.web import create_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.web")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    parser.add_argument("--mail-port", type=int, default=0, help="the SMTP ingress's port (0: none)")
    args = parser.parse_args()
    app = create_app(args.rasa_url)
    start_reconciler(app.extensions["console"].store)  # goodwill a failure left pending, carried out in the shop
    if args.mail_port:
        services: ConsoleServices = app.extensions["console"]
        start_ingress(ReplyIngress(services.replies, services.store, services.rasa), settings.mail_ingress_host(),
                      args.mail_port)
    serve(app, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
