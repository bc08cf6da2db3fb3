"""Secrets kept in a file under the data folder (Rasa's token, the console's session key), made on
first use with owner-only permissions so they survive restarts.

Creates and reads the file only; where a secret is used is up to the caller.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def stored_secret(path: Path) -> str:
    """The secret in `path`, created (random, 0600) when missing."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        os.chmod(path, 0o600)
    return path.read_text().strip()
