"""Form errors tied to their fields (WCAG 3.3.1): a field whose value was refused is marked
`aria-invalid` and names its message with `aria-describedby` (the `field` macro in
templates/console/_field.html).

A page that renders its own form passes `field_errors` ({field id: message}); a change that
redirects back (the takeover forms) flashes them here and the next page shows them.
"""
from __future__ import annotations

from typing import cast

from flask import flash, get_flashed_messages
from flask_wtf import FlaskForm

from bot.console.blueprint import console

_CATEGORY = "field:"


def flash_field_errors(form: FlaskForm) -> None:
    """Keep the refused fields' messages for the page the browser is sent back to."""
    for name, errors in form.errors.items():
        flash(" ".join(errors), _CATEGORY + form[name].id)


@console.app_context_processor
def field_errors_in_pages() -> dict:
    """The flashed field errors, by field id (a page's own `field_errors` take precedence)."""
    flashed = cast(list[tuple[str, str]], get_flashed_messages(with_categories=True))
    return {"field_errors": {category[len(_CATEGORY):]: message for category, message in flashed
                             if category.startswith(_CATEGORY)}}
