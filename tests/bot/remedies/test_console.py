"""What the shop did for a case is on its transcript page: the remedy, its status and the shop's id."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from bot.store import session_scope
from bot.store.models import Case, ShopRemedy
from tests.console_server import sign_in


def test_the_transcript_shows_what_the_shop_did(console, store):
    with session_scope(store) as session:
        case = session.execute(select(Case).where(Case.conversation_id == "c-es")).scalar_one()
        session.add(ShopRemedy(case_id=case.id, remedy="refund", amount=Decimal("10.00"), currency="EUR",
                               key=f"complaint-bot:{case.reference}:refund", status="done", attempts=1,
                               shop_reference="ref_01TEST", created_at=datetime.utcnow()))
    page = sign_in(console, "ana").get(f"{console}/console/conversations/c-es")
    assert page.status_code == 200
    assert "In the shop: refund of 10.00 EUR · done · ref_01TEST" in page.text
