"""Facts, remedies and amounts in the customer's words, in English and Spanish.

Wording only: which facts to cite is decided elsewhere; the reply frames live in domain.yml.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Optional

from bot.evidence.finding import Finding

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

_FACTS = {
    "en": {
        "not_shipped_late": "your order was due by {promised_by} and has not left our warehouse yet",
        "not_due_yet": "your order is due by {promised_by}, so it is still within the delivery time we promised",
        "certified_proof_of_delivery": "{carrier} recorded the delivery on {delivered_at} at {location}, "
                                       "confirmed by {proofs}",
        "delivered_scan_without_proof": "{carrier} marked it delivered on {delivered_at}, without a signature or photo",
        "carrier_exception": "{carrier} reported a problem with the parcel on {at}",
        "late_in_transit": "the parcel is still with {carrier} and was due by {promised_by}",
        "in_transit_on_time": "the parcel is on its way with {carrier} and is due by {promised_by}",
        "delivered": "{carrier} delivered the parcel on {delivered_at}",
        "no_delivery_record": "we have no delivery record for this order yet",
        "within_warranty": "your {product} is covered by its {months}-month warranty until {until}",
        "warranty_expired": "the {months}-month warranty of your {product} ended on {until}",
        "no_warranty_on_record": "we have no warranty on record for this order",
        "misuse_found": "our technicians' report of {at} found: {note}",
        "defect_confirmed": "our technicians confirmed a defect on {at}",
        "no_fault_found": "our technicians found no fault on {at}",
        "no_pick_record": "we have no warehouse scan for this parcel",
        "shipped_differs_from_order": "our warehouse scan shows the parcel did not match your order",
        "scanned_as_ordered": "our warehouse scanned exactly the items you ordered into the parcel on {scanned_at}",
        "no_ledger_entries": "we have no payment records for this order",
        "duplicate_charge": "our payment records show you were charged {amount} twice",
        "preauth_released": "the second amount of {amount} was a temporary hold that we released on {released_at}; "
                            "banks can take a few days to remove it from your statement",
        "refund_issued": "we issued your refund of {amount} on {refunded_at}; banks can take up to 5 working days",
        "charged_once_correctly": "our payment records show a single charge of {amount}, the order total",
        "charges_differ_from_order": "the charges on record differ from the order total",
        "no_records_to_check": "we take your word for what happened",
    },
    "es": {
        "not_shipped_late": "tu pedido debía llegar el {promised_by} y todavía no ha salido de nuestro almacén",
        "not_due_yet": "tu pedido tiene como fecha de entrega el {promised_by}, así que aún está dentro del "
                       "plazo prometido",
        "certified_proof_of_delivery": "{carrier} registró la entrega el {delivered_at} en {location}, "
                                       "confirmada con {proofs}",
        "delivered_scan_without_proof": "{carrier} lo marcó como entregado el {delivered_at}, sin firma ni foto",
        "carrier_exception": "{carrier} informó de una incidencia con el paquete el {at}",
        "late_in_transit": "el paquete sigue con {carrier} y debía llegar el {promised_by}",
        "in_transit_on_time": "el paquete está en camino con {carrier} y debe llegar como tarde el {promised_by}",
        "delivered": "{carrier} entregó el paquete el {delivered_at}",
        "no_delivery_record": "aún no tenemos registro de entrega de este pedido",
        "within_warranty": "tu {product} está cubierto por su garantía de {months} meses hasta el {until}",
        "warranty_expired": "la garantía de {months} meses de tu {product} terminó el {until}",
        "no_warranty_on_record": "no tenemos ninguna garantía registrada para este pedido",
        "misuse_found": "el informe de nuestros técnicos del {at} indica: {note}",
        "defect_confirmed": "nuestros técnicos confirmaron un defecto el {at}",
        "no_fault_found": "nuestros técnicos no encontraron ninguna avería el {at}",
        "no_pick_record": "no tenemos registro del almacén para este paquete",
        "shipped_differs_from_order": "el registro de nuestro almacén muestra que el paquete no coincidía con "
                                      "tu pedido",
        "scanned_as_ordered": "nuestro almacén escaneó exactamente los artículos que pediste el {scanned_at}",
        "no_ledger_entries": "no tenemos registros de pago de este pedido",
        "duplicate_charge": "nuestros registros de pago muestran que se te cobró {amount} dos veces",
        "preauth_released": "el segundo importe de {amount} era una retención temporal que liberamos el {released_at}; "
                            "el banco puede tardar unos días en quitarla de tu extracto",
        "refund_issued": "emitimos tu reembolso de {amount} el {refunded_at}; el banco puede tardar hasta "
                         "5 días hábiles",
        "charged_once_correctly": "nuestros registros de pago muestran un único cargo de {amount}, el total del pedido",
        "charges_differ_from_order": "los cargos registrados no coinciden con el total del pedido",
        "no_records_to_check": "damos por buena tu explicación",
    },
}

_REMEDIES = {
    "en": {"refund": "a refund of {amount}", "replacement": "a free replacement",
           "voucher": "a voucher of {amount}", "shipping_refund": "a refund of the shipping cost ({amount})"},
    "es": {"refund": "un reembolso de {amount}", "replacement": "una reposición sin coste",
           "voucher": "un vale de {amount}", "shipping_refund": "el reembolso de los gastos de envío ({amount})"},
}

# A problem of each category as the customer would name it, inside a sentence.
_PROBLEM_NAMES = {
    "en": {"delivery": "the delivery", "damaged": "the damage", "defective": "the fault",
           "wrong_item": "the wrong item", "billing": "the charge", "service": "how you were treated"},
    "es": {"delivery": "la entrega", "damaged": "el daño", "defective": "la avería",
           "wrong_item": "el artículo equivocado", "billing": "el cobro", "service": "la atención recibida"},
}

# What a customer who does not accept the records can still do, per category.
_NEXT_STEPS = {
    "en": {
        "delivery": "It is worth asking neighbours or anyone at the address that day; if it still does not turn up, "
                    "say so and a colleague will look into it with the carrier.",
        "damaged": "If you can send a photo of the damage and the packaging, a colleague can look at it again.",
        "defective": "You can send it back for a second inspection, or ask me for a colleague who will look at the "
                     "report with you.",
        "wrong_item": "If you send a photo of what arrived and its label, a colleague can compare it with the "
                      "warehouse scan.",
        "billing": "Your bank statement will show the final amounts within a few days; if it still shows a second "
                   "charge then, say so and a colleague will check it with the bank.",
        "service": "If you tell me more about what happened, a colleague can look at it again.",
    },
    "es": {
        "delivery": "Vale la pena preguntar a los vecinos o a quien estuviera en la dirección ese día; si aun así no "
                    "aparece, dímelo y un compañero lo investigará con la empresa de transporte.",
        "damaged": "Si nos envías una foto del daño y del embalaje, un compañero puede volver a revisarlo.",
        "defective": "Puedes enviarlo para una segunda revisión, o pedirme un compañero que revise el informe contigo.",
        "wrong_item": "Si nos envías una foto de lo que llegó y de su etiqueta, un compañero puede compararla con el "
                      "escaneo del almacén.",
        "billing": "En unos días tu extracto mostrará los importes definitivos; si entonces sigue apareciendo un "
                   "segundo cargo, dímelo y un compañero lo revisará con el banco.",
        "service": "Si me cuentas algo más de lo que pasó, un compañero puede volver a revisarlo.",
    },
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


def _values(details: dict[str, Any], language: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in details.items():
        if value is None:
            values[key] = "—"
        elif key in ("promised_by", "delivered_at", "at", "until", "released_at", "refunded_at", "scanned_at"):
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
    template = _FACTS[language].get(finding.fact)
    if template is None:
        return None
    return template.format_map(_values(finding.details, language))


def describe_facts(findings: list[Finding], language: str, verdicts: tuple[str, ...]) -> str:
    """The findings with the given verdicts, joined into one sentence fragment."""
    parts = [describe_fact(f, language) for f in findings if f.verdict in verdicts]
    joiner = "; and " if language == "en" else "; y "
    return joiner.join(p for p in parts if p)


def no_records_text(language: str) -> str:
    """What the customer is told when their category has no records to check."""
    return _FACTS[language]["no_records_to_check"]


def describe_remedy(remedy: str, amount: Decimal | None, currency: str, language: str) -> str:
    """'a refund of €25.00' / 'un reembolso de 25,00 €'."""
    money = format_money(amount or 0, currency, language)
    return _REMEDIES[language][remedy].format(amount=money)


def next_step_text(category: Optional[str], language: str) -> str:
    """What a customer who does not accept the records can still do, for their category."""
    steps = _NEXT_STEPS[language]
    return steps.get(category or "", steps["service"])


def problem_name(category: Optional[str], language: str) -> str:
    """A category as the customer would name the problem ("the charge", "el cobro")."""
    names = _PROBLEM_NAMES[language]
    return names[category or "service"]
