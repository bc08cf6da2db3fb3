"""`python -m bot.web`: serve the website with waitress (started by `make run`)."""
from __future__ import annotations

import argparse

from waitress import serve

from bot.web import create_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.web")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    args = parser.parse_args()
    serve(create_app(args.rasa_url), host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
