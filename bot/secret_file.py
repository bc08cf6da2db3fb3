"""Secrets kept in a file under the data folder (Rasa's token, the console's session key, the action
server's secret), made on first use with owner-only permissions so they survive restarts.

Creates and reads the file only; where a secret is used is up to the caller.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def stored_secret(path: Path) -> str:
    """The secret in `path`, created (random, 0600) when missing. Two processes starting at once
    read the same secret: the file appears whole, by a link, or not at all."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        draft.write_text(secrets.token_urlsafe(32))
        os.chmod(draft, 0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: theirs stands
        finally:
            draft.unlink()
    return path.read_text().strip()
