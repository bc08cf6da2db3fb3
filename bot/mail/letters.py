"""The emails a customer receives about their case, in their language: a person's reply.

Builds messages only (headers checked by the standard library: a name or subject carrying a line
break is refused, never sent); sending is bot/mail/postbox.py's job.
"""
from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from bot.texts import Texts

SUBJECT = Texts(en="[{reference}] A reply about your complaint", es="[{reference}] Respuesta sobre tu reclamación")
GREETING = Texts(en="Hello,", es="Hola:")
FOOTER = Texts(
    en="This is about your case {reference}. To answer, reply to this email or write to us in the chat on our "
       "website and mention {reference}.\n\nCustomer care",
    es="Te escribimos sobre tu caso {reference}. Para responder, contesta a este correo o escríbenos en el chat de "
       "nuestra web indicando {reference}.\n\nAtención al cliente")


def case_reply(*, reference: str, text: str, language: str, to: str, sender: str) -> EmailMessage:
    """A person's reply on case `reference`, to the customer's proven address."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = SUBJECT.of(language).format(reference=reference)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or None)
    message.set_content(f"{GREETING.of(language)}\n\n{text.strip()}\n\n-- \n"
                        f"{FOOTER.of(language).format(reference=reference)}\n")
    message["Content-Language"] = language  # after the content, which resets Content-* headers
    return message
