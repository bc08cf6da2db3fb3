"""The console's Flask blueprint, shared by its view modules; it holds no routes itself."""
from __future__ import annotations

from typing import Any, Optional

from flask import Blueprint
from flask_login import current_user
from sqlalchemy.orm import Session

from bot.store import audit

console = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
                    static_folder="static", static_url_path="/static")


def audit_as_current_user(session: Session, action: str, target: Optional[str] = None, **detail: Any) -> None:
    audit.record(session, current_user.name, current_user.role, action, target, **detail)
