"""Reads a page as assistive technology does for one form field: whether it is marked invalid,
and the text of the element its `aria-describedby` names."""
from __future__ import annotations

from html.parser import HTMLParser
from typing import Optional


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attributes: dict[str, dict[str, Optional[str]]] = {}
        self.texts: dict[str, str] = {}
        self._open: list[Optional[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.attributes[found["id"]] = found
        if tag not in ("input", "br", "meta", "link", "img"):
            self._open.append(found.get("id"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("input", "br", "meta", "link", "img") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for element_id in filter(None, self._open):
            self.texts[element_id] = self.texts.get(element_id, "") + data


def field_error(html: str, field_id: str) -> Optional[str]:
    """The error tied to the field with `field_id`, or None when the field is not marked invalid."""
    parser = _Fields()
    parser.feed(html)
    field = parser.attributes[field_id]
    if field.get("aria-invalid") != "true":
        return None
    return " ".join(parser.texts.get(target, "").strip() for target in (field.get("aria-describedby") or "").split())
