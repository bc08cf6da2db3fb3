"""Facts, remedies, dates and money in each language."""
from decimal import Decimal

from bot.complaints.categories import all_checks
from bot.complaints.evidence.finding import Finding
from bot.complaints.facts_text import describe_fact, describe_remedy, format_datetime, format_money


def test_dates():
    assert format_datetime("2026-03-12T14:05:00", "en") == "12 March at 14:05"
    assert format_datetime("2026-03-12T14:05:00", "es") == "12 de marzo a las 14:05"
    assert format_datetime("2026-03-12T00:00:00", "es") == "12 de marzo"


def test_money():
    assert format_money(Decimal("25"), "EUR", "en") == "€25.00"
    assert format_money("1250", "MXN", "es") == "1250,00 MX$"
    assert format_money("3.5", "CHF", "en") == "CHF3.50"


def test_remedies():
    assert describe_remedy("refund", Decimal("45"), "EUR", "en") == "a refund of €45.00"
    assert describe_remedy("replacement", Decimal("45"), "EUR", "es") == "una reposición sin coste"


def test_every_fact_sentence_of_every_check_is_told_in_both_languages():
    facts = [fact for check in all_checks() for fact in check.sentences]
    assert len(facts) == 24 and len(set(facts)) == len(facts)
    details = {"promised_by": "2026-11-01T00:00:00", "carrier": "SEUR", "delivered_at": "2026-11-01T10:00:00",
               "location": "portal", "proofs": [{"kind": "photo", "detail": "door"}], "at": "2026-11-01T10:00:00",
               "product": "kettle", "months": 24, "until": "2027-11-01T00:00:00", "note": "dropped",
               "scanned_at": "2026-11-01T10:00:00", "amount": "10", "currency": "EUR",
               "released_at": "2026-11-01T10:00:00", "refunded_at": "2026-11-01T10:00:00"}
    for fact in facts:
        for language in ("en", "es"):
            assert describe_fact(Finding(check="x", verdict="supports", fact=fact, certified=True, details=details),
                                 language), (fact, language)
