"""LIKE patterns built from text a stranger typed: its %, _ and \\ match only themselves."""
from __future__ import annotations

ESCAPE = "\\"


def containing(text: str) -> str:
    """A pattern for `LIKE … ESCAPE '\\'` matching any value that contains `text`."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
