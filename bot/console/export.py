"""Exports of the filtered conversations: cases as CSV, transcripts as CSV, both as JSON.

Streams rows as they are read, so an export of many conversations never sits in memory whole.
Formatting only; the caller decides who may export and writes the audit entry.
"""
from __future__ import annotations

import io
import json
from collections import defaultdict
from typing import Any, Iterable, Iterator

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.console.conversation_query import Filters, Row, all_rows
from bot.console.transcript import case_view, turns
from bot.csv_cells import SafeCsvWriter
from bot.store.tracker_events import TrackerEvent, conversations_events

CASE_COLUMNS = ("conversation_id", "started_at", "last_at", "language", "customer_messages", "case", "category",
                "order", "outcome", "reasons", "offer_remedy", "offer_amount", "currency", "customer_answer",
                "status", "handed_off_at", "agent", "resolution_remedy", "resolution_amount", "resolution_note",
                "csat_resolved_by", "csat_rating", "csat_comment")
TURN_COLUMNS = ("conversation_id", "event_id", "at", "speaker", "language", "intent", "confidence", "agent", "text")


def _iso(value: Any) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def case_record(row: Row, *, mask: bool) -> dict[str, Any]:
    conversation, case = row.conversation, row.case
    view = case_view(case, mask=mask) if case else None
    return {
        "conversation_id": conversation.conversation_id, "started_at": _iso(conversation.started_at),
        "last_at": _iso(conversation.last_at), "language": (case.language if case else None) or conversation.language,
        "customer_messages": conversation.user_turns, "case": view,
    }


def _flat(record: dict[str, Any]) -> list[Any]:
    case = record["case"] or {}
    offer, resolution = case.get("offer") or {}, case.get("resolution") or {}
    satisfaction = case.get("satisfaction") or {}
    return [record["conversation_id"], record["started_at"], record["last_at"], record["language"],
            record["customer_messages"], case.get("reference", ""), case.get("category") or "",
            case.get("order") or "", case.get("outcome") or "", " ".join(r["rule"] for r in case.get("reasons", [])),
            offer.get("remedy") or "", offer.get("amount") or "", offer.get("currency") or "",
            case.get("customer_answer") or "", case.get("status") or "", _iso(case.get("handed_off_at")),
            case.get("agent") or "", resolution.get("remedy") or "", resolution.get("amount") or "",
            resolution.get("note") or "", satisfaction.get("resolved_by") or "", satisfaction.get("rating") or "",
            satisfaction.get("comment") or ""]


def _csv_lines(header: Iterable[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _events_by_conversation(tracker: Engine, rows: list[Row]) -> dict[str, list[TrackerEvent]]:
    grouped: dict[str, list[TrackerEvent]] = defaultdict(list)
    for event in conversations_events(tracker, [row.conversation.conversation_id for row in rows]):
        grouped[event.conversation_id].append(event)
    return grouped


class Export:
    """One export: what was asked for, and a count of the conversations written (for the audit log)."""

    def __init__(self, session: Session, tracker: Engine, filters: Filters, *, mask: bool) -> None:
        self.session, self.tracker, self.filters, self.mask = session, tracker, filters, mask
        self.count = 0

    def _batches(self) -> Iterator[list[Row]]:
        for rows in all_rows(self.session, self.filters):
            self.count += len(rows)
            yield rows

    def cases_csv(self) -> Iterator[str]:
        return _csv_lines(CASE_COLUMNS, (_flat(case_record(row, mask=self.mask))
                                         for rows in self._batches() for row in rows))

    def transcripts_csv(self) -> Iterator[str]:
        def lines() -> Iterator[list[Any]]:
            for rows in self._batches():
                events = _events_by_conversation(self.tracker, rows)
                for row in rows:
                    cid = row.conversation.conversation_id
                    for turn in turns(events.get(cid, []), mask=self.mask):
                        t = turn.to_dict()
                        yield [cid] + [t[column] if t[column] is not None else "" for column in TURN_COLUMNS[1:]]
        return _csv_lines(TURN_COLUMNS, lines())

    def json(self) -> Iterator[str]:
        yield "["
        first = True
        for rows in self._batches():
            events = _events_by_conversation(self.tracker, rows)
            for row in rows:
                record = case_record(row, mask=self.mask)
                record["transcript"] = [t.to_dict() for t in turns(events.get(record["conversation_id"], []),
                                                                      mask=self.mask)]
                yield ("" if first else ",\n") + json.dumps(record, ensure_ascii=False, default=_iso)
                first = False
        yield "]\n"
