"""Finding conversations for the console: filters, free-text search and keyset pagination over
the conversation summaries joined with our cases.

Queries only; it never changes a row. Keyset pagination (by last activity, then id) keeps every
page as fast as the first, however deep.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Iterator, Mapping, Optional

from sqlalchemy import Numeric, and_, cast, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import Select

from bot.complaints.cases import is_current_case
from bot.complaints.decision import OUTCOMES as DECISION_OUTCOMES
from bot.console.query_params import parse_amount, parse_date
from bot.privacy.pii import mask_personal_data
from bot.store.like import ESCAPE, containing
from bot.store.models import Case, ConversationSummary, Order

OUTCOMES = (*DECISION_OUTCOMES, "none")  # "none": nothing decided yet
_CASE_REFERENCE = re.compile(r"^c-?0*(\d{1,12})$", re.IGNORECASE)  # beyond 12 digits: no case
_ORDER_REFERENCE = re.compile(r"^ord-?\d+$", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class Filters:
    """What the lead asked for; every field is optional. Dates are inclusive days (UTC)."""

    date_from: Optional[date] = None
    date_to: Optional[date] = None
    language: Optional[str] = None
    category: Optional[str] = None
    outcome: Optional[str] = None
    handed_off: Optional[bool] = None
    min_goodwill: Optional[Decimal] = None
    max_goodwill: Optional[Decimal] = None
    q: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "Filters":
        """Filters from a query string; anything malformed is ignored rather than an error."""
        return cls(date_from=parse_date(args.get("date_from")), date_to=parse_date(args.get("date_to")),
                   language=args.get("language") or None, category=args.get("category") or None,
                   outcome=args.get("outcome") if args.get("outcome") in OUTCOMES else None,
                   handed_off={"yes": True, "no": False}.get(args.get("handed_off", "")),
                   min_goodwill=parse_amount(args.get("min_goodwill")),
                   max_goodwill=parse_amount(args.get("max_goodwill")),
                   q=(args.get("q") or "").strip()[:200])

    def as_args(self) -> dict[str, str]:
        """The query string that gives these filters back (for links and exports)."""
        values = {"handed_off": "yes" if self.handed_off else "no"} if self.handed_off is not None else {}
        for field in fields(self):
            value = asdict(self)[field.name]
            if field.name != "handed_off" and value not in (None, ""):
                values[field.name] = str(value)
        return values


@dataclass(frozen=True)
class Row:
    conversation: ConversationSummary
    case: Optional[Case]


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    newer: Optional[str]  # cursor for the page before, None on the first page
    older: Optional[str]  # cursor for the page after, None on the last page


def goodwill_amount():
    """The goodwill on a case as a number: what a person granted, else what the bot offered."""
    return cast(func.coalesce(Case.resolution_amount, Case.amount), Numeric(12, 2))


def filtered(filters: Filters) -> Select:
    """Conversations with their case (if any) that match the filters, unordered."""
    query = select(ConversationSummary, Case).outerjoin(
        Case, is_current_case(ConversationSummary.conversation_id))
    conditions: list[Any] = []
    if filters.date_from:
        conditions.append(ConversationSummary.started_at >= datetime.combine(filters.date_from, time.min))
    if filters.date_to:
        conditions.append(ConversationSummary.started_at < datetime.combine(filters.date_to + timedelta(days=1),
                                                                            time.min))
    if filters.language:
        conditions.append(func.coalesce(Case.language, ConversationSummary.language) == filters.language)
    if filters.category:
        conditions.append(Case.category == filters.category)
    if filters.outcome == "none":
        conditions.append(Case.outcome.is_(None))
    elif filters.outcome:
        conditions.append(Case.outcome == filters.outcome)
    if filters.handed_off is True:
        conditions.append(Case.handed_off_at.is_not(None))
    elif filters.handed_off is False:
        conditions.append(Case.handed_off_at.is_(None))
    if filters.min_goodwill is not None:
        conditions.append(goodwill_amount() >= filters.min_goodwill)
    if filters.max_goodwill is not None:
        conditions.append(goodwill_amount() <= filters.max_goodwill)
    if filters.q:
        conditions.append(_search(filters.q))
    return query.where(and_(*conditions)) if conditions else query


def _search(q: str):
    """A case reference (C-000012), an order reference (ORD-10001) or words the customer wrote.
    The index holds customers' words with personal data masked, and the words searched for are
    masked the same way: a search tells nothing about an email or card number a console user does
    not already see masked ("maria@example.es" and "mario@example.es" find the same)."""
    case_reference = _CASE_REFERENCE.match(q)
    any_case = aliased(Case)  # any of the conversation's cases, not only its current one
    if case_reference:
        return _has_case(any_case, any_case.id == int(case_reference.group(1)))
    if _ORDER_REFERENCE.match(q):
        orders = select(Order.id).where(func.upper(Order.reference) == q.upper())
        return _has_case(any_case, any_case.order_id.in_(orders))
    return or_(ConversationSummary.search_text.like(containing(mask_personal_data(q).lower()), escape=ESCAPE),
               ConversationSummary.conversation_id == q)


def _has_case(any_case: Any, condition: Any):
    """Conversations with at least one case (`any_case`, an alias of Case) matching `condition`."""
    return ConversationSummary.conversation_id.in_(select(any_case.conversation_id).where(condition))


def _cursor(row: Row) -> str:
    return f"{row.conversation.last_at.isoformat()}|{row.conversation.conversation_id}"


def _parse_cursor(cursor: Optional[str]) -> Optional[tuple[datetime, str]]:
    try:
        at, conversation_id = (cursor or "").split("|", 1)
        return datetime.fromisoformat(at), conversation_id
    except ValueError:
        return None


def find_page(session: Session, filters: Filters, *, older_than: Optional[str] = None,
              newer_than: Optional[str] = None, per_page: int = 50, count: bool = True) -> Page:
    """One page of matching conversations, most recently active first (`total` is -1 unless counted)."""
    last_at, conversation_id = ConversationSummary.last_at, ConversationSummary.conversation_id
    query = filtered(filters)
    after, before = _parse_cursor(older_than), _parse_cursor(newer_than)
    if before:
        query = query.where(or_(last_at > before[0], and_(last_at == before[0], conversation_id > before[1])))
        query = query.order_by(last_at.asc(), conversation_id.asc())
    else:
        if after:
            query = query.where(or_(last_at < after[0], and_(last_at == after[0], conversation_id < after[1])))
        query = query.order_by(last_at.desc(), conversation_id.desc())
    rows = [Row(summary, case) for summary, case in session.execute(query.limit(per_page + 1))]
    more = len(rows) > per_page
    rows = rows[:per_page]
    if before:
        rows.reverse()
    total = session.execute(select(func.count()).select_from(filtered(filters).subquery())).scalar_one() \
        if count else -1
    has_newer = bool(after) or (bool(before) and more)
    has_older = (not before and more) or bool(before)
    return Page(rows, total, _cursor(rows[0]) if rows and has_newer else None,
                _cursor(rows[-1]) if rows and has_older else None)


def all_rows(session: Session, filters: Filters, batch: int = 500) -> Iterator[list[Row]]:
    """Every matching conversation, in batches, most recently active first (for exports)."""
    cursor: Optional[str] = None
    while True:
        page = find_page(session, filters, older_than=cursor, per_page=batch, count=False)
        if page.rows:
            yield page.rows
        if not page.older:
            return
        cursor = page.older
