"""The emails a customer receives about their case, in their language: a person's reply, and the code
that confirms an address typed in the chat (fixed wording: nothing anyone wrote goes into it).

Builds messages only (headers checked by the standard library: a name or subject carrying a line
break is refused, never sent); sending is bot/mail/postbox.py's job.
"""
from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from bot.mail.reply_tokens import REPLY_DAYS
from bot.texts import Texts

SUBJECT = Texts(en="[{reference}] A reply about your complaint", es="[{reference}] Respuesta sobre tu reclamación")
GREETING = Texts(en="Hello,", es="Hola:")
FOOTER = Texts(
    en="This is about your case {reference}. To answer, reply to this email within {days} days (your answer goes "
       "straight into your case), or write to us in the chat on our website and mention {reference}.\n\n"
       "Customer care",
    es="Te escribimos sobre tu caso {reference}. Para responder, contesta a este correo en los próximos {days} días "
       "(tu respuesta se añade a tu caso) o escríbenos en el chat de nuestra web indicando {reference}.\n\n"
       "Atención al cliente")


CODE_SUBJECT = Texts(en="Your confirmation code", es="Tu código de confirmación")
CODE_BODY = Texts(
    en="Hello,\n\nSomeone asked in the chat on our website to be answered by email at this address. If it was "
       "you, type this code in the chat to confirm it:\n\n    {code}\n\nIf it was not you, ignore this email: "
       "nothing more will be sent to this address.\n\nCustomer care",
    es="Hola:\n\nAlguien ha pedido en el chat de nuestra web que le respondamos por correo a esta dirección. Si has "
       "sido tú, escribe este código en el chat para confirmarla:\n\n    {code}\n\nSi no has sido tú, ignora este "
       "correo: no enviaremos nada más a esta dirección.\n\nAtención al cliente")


def _letter(*, sender: str, to: str, subject: str, body: str, language: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or None)
    message.set_content(body)
    message["Content-Language"] = language  # after the content, which resets Content-* headers
    return message


def confirmation_code(*, code: str, language: str, to: str, sender: str) -> EmailMessage:
    """The code that confirms `to` as the address a customer typed in the chat."""
    return _letter(sender=sender, to=to, subject=CODE_SUBJECT.of(language), language=language,
                   body=CODE_BODY.of(language).format(code=code) + "\n")


def case_reply(*, reference: str, text: str, language: str, to: str, sender: str, reply_to: str) -> EmailMessage:
    """A person's reply on case `reference`, to the customer's proven address; the customer's
    answer goes to `reply_to`, the case's signed reply address (bot/mail/reply_tokens.py)."""
    message = _letter(sender=sender, to=to, subject=SUBJECT.of(language).format(reference=reference),
                      language=language, body=f"{GREETING.of(language)}\n\n{text.strip()}\n\n-- \n"
                      f"{FOOTER.of(language).format(reference=reference, days=REPLY_DAYS)}\n")
    message["Reply-To"] = reply_to
    return message
