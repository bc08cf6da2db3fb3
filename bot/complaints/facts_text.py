"""Facts, remedies and amounts in the customer's words, in English and Spanish.

Wording only: which facts to cite is decided elsewhere; each fact's sentence lives with its check
(bot/complaints/evidence/), and the reply frames in domain.yml.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Optional, Sequence

from bot.complaints.categories import all_checks, category
from bot.complaints.evidence.finding import Finding
from bot.texts import Texts

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
}
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "MXN": "MX$"}

_PROOF_KINDS = {
    "en": {"signature": "a signature", "photo": "a photo at the door", "geolocation": "the GPS position"},
    "es": {"signature": "una firma", "photo": "una foto en la puerta", "geolocation": "la posición GPS"},
}

# Every fact sentence, from the checks in the registry.
_FACTS: dict[str, Texts] = {fact: text for check in all_checks() for fact, text in check.sentences.items()}
_NO_RECORDS = Texts("we take your word for what happened", "damos por buena tu explicación")

_REMEDIES = {
    "en": {"refund": "a refund of {amount}", "replacement": "a free replacement",
           "voucher": "a voucher of {amount}", "shipping_refund": "a refund of the shipping cost ({amount})"},
    "es": {"refund": "un reembolso de {amount}", "replacement": "una reposición sin coste",
           "voucher": "un vale de {amount}", "shipping_refund": "el reembolso de los gastos de envío ({amount})"},
}

def format_datetime(value: str | datetime, language: str) -> str:
    """'12 March at 14:05' / '12 de marzo a las 14:05'; the time is left out at midnight."""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    month = _MONTHS[language][when.month - 1]
    day = f"{when.day} {month}" if language == "en" else f"{when.day} de {month}"
    if when.hour == 0 and when.minute == 0:
        return day
    return f"{day} at {when:%H:%M}" if language == "en" else f"{day} a las {when:%H:%M}"


def format_money(amount: Decimal | str, currency: str, language: str) -> str:
    """'€25.00' in English, '25,00 €' in Spanish."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    symbol = _SYMBOLS.get(currency, currency)
    if language == "es":
        return f"{str(value).replace('.', ',')} {symbol}"
    return f"{symbol}{value}"


def _is_date(key: str) -> bool:
    """A finding's dates are named `at`, `until`, `…_at` or `…_by` (delivered_at, promised_by)."""
    return key in ("at", "until") or key.endswith(("_at", "_by"))


def _values(details: dict[str, Any], language: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in details.items():
        if value is None:
            values[key] = "—"
        elif _is_date(key) and isinstance(value, (str, datetime)):
            values[key] = format_datetime(value, language)
        elif key == "amount":
            values[key] = format_money(value, details.get("currency", "EUR"), language)
        elif key == "proofs":
            kinds = [_PROOF_KINDS[language].get(p["kind"], p["kind"]) for p in value]
            joiner = " and " if language == "en" else " y "
            signed = [p["detail"] for p in value if p["kind"] == "signature"]
            values[key] = joiner.join(kinds) + (f" ({signed[0]})" if signed else "")
        else:
            values[key] = str(value)
    return values


def describe_fact(finding: Finding, language: str) -> Optional[str]:
    """One finding as a sentence fragment, or None for context-only findings."""
    text = _FACTS.get(finding.fact)
    if text is None:
        return None
    return text.of(language).format_map(_values(finding.details, language))


def describe_facts(findings: Sequence[Finding], language: str, verdicts: tuple[str, ...]) -> str:
    """The findings with the given verdicts, joined into one sentence fragment."""
    parts = [describe_fact(f, language) for f in findings if f.verdict in verdicts]
    joiner = "; and " if language == "en" else "; y "
    return joiner.join(p for p in parts if p)


def no_records_text(language: str) -> str:
    """What the customer is told when their category has no records to check."""
    return _NO_RECORDS.of(language)


def describe_remedy(remedy: str, amount: Decimal | None, currency: str, language: str) -> str:
    """'a refund of €25.00' / 'un reembolso de 25,00 €'."""
    money = format_money(amount or Decimal("0"), currency, language)
    return _REMEDIES[language][remedy].format(amount=money)


def next_step_text(category_name: Optional[str], language: str) -> str:
    """What a customer who does not accept the records can still do, for their category."""
    return category(category_name or "service").next_step.of(language)


def problem_name(category_name: Optional[str], language: str) -> str:
    """A category as the customer would name the problem ("the charge", "el cobro")."""
    return category(category_name or "service").problem.of(language)
