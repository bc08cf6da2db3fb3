"""A customer's emailed answer read as a person would: the new text only, any charset, HTML-only
mail, and auto-replies and bounces recognised (never answered)."""
from email.message import EmailMessage

import pytest

from bot.mail.inbound import MAX_MESSAGE_BYTES, MAX_REPLY_CHARS, NotAReply, UnreadableMail, read_reply


def mail(body: str = "", *, html: str = "", charset: str = "utf-8", **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = "Lucía <lucia@example.es>"
    message["To"] = "reply+1.1800000000.0123456789abcdef01234567@replies.example.com"
    message["Subject"] = "Re: [C-000001] Respuesta sobre tu reclamación"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    if body:
        message.set_content(body, charset=charset)
    if html:
        message.add_alternative(html, subtype="html") if body else message.set_content(html, subtype="html")
    return bytes(message)


def not_a_reply(raw: bytes, envelope_sender=None) -> str:
    with pytest.raises(NotAReply) as error:
        read_reply(raw, envelope_sender)
    return error.value.reason


@pytest.mark.parametrize("body", [
    "Gracias, pero la caja sigue sin llegar.\n\nEl lun, 1 dic 2026 a las 10:00, Atención <care@example.com> escribió:\n"
    "> Hola:\n> Ya hemos enviado la reposición.\n",
    "Gracias, pero la caja sigue sin llegar.\n\nOn Mon, 1 Dec 2026 at 10:00, Care <care@example.com> wrote:\n> Hello\n",
    "Gracias, pero la caja sigue sin llegar.\n\n-----Original Message-----\nFrom: Care <care@example.com>\nHello\n",
    "Gracias, pero la caja sigue sin llegar.\n> quoted inline\n\n-- \nLucía Gómez\nTel. 600 111 222\n",
])
def test_only_the_new_text_is_kept(body):
    assert read_reply(mail(body)).text == "Gracias, pero la caja sigue sin llegar."


def test_a_reply_in_latin_1_is_read_in_its_own_charset():
    assert read_reply(mail("La reposición no llegó.", charset="iso-8859-1")).text == "La reposición no llegó."


def test_bytes_that_lie_about_their_charset_are_read_without_failing():
    raw = mail("placeholder").replace(b"utf-8", b"x-no-such-charset").replace(b"placeholder", "¿y mi caja?".encode())
    assert "y mi caja" in read_reply(raw).text


def test_an_html_only_reply_is_read_as_text_without_scripts_or_the_quoted_thread():
    html = ("<html><head><style>p{color:red}</style></head><body><p>Sigue <b>sin</b> llegar &amp; estoy harta.</p>"
            "<script>alert(1)</script><blockquote><p>Hola: ya hemos enviado la reposición.</p></blockquote>"
            "</body></html>")
    assert read_reply(mail(html=html)).text == "Sigue sin llegar & estoy harta."


def test_plain_text_is_preferred_to_its_html_twin():
    assert read_reply(mail("Texto plano.", html="<p>HTML</p>")).text == "Texto plano."


@pytest.mark.parametrize("headers, envelope_sender", [
    ({"Auto_Submitted": "auto-replied"}, "lucia@example.es"),
    ({"X_Autoreply": "yes"}, "lucia@example.es"),
    ({"Precedence": "bulk"}, "lucia@example.es"),
    ({}, "<>"),
    ({}, ""),
    ({}, "MAILER-DAEMON@mx.example.es"),
])
def test_auto_replies_and_bounces_are_recognised(headers, envelope_sender):
    assert not_a_reply(mail("Estoy de vacaciones hasta el lunes.", **headers), envelope_sender) == "automatic"


def test_a_delivery_report_is_a_bounce():
    report = EmailMessage()
    report["From"] = "Mail Delivery System <mailer-daemon@mx.example.es>"
    report.set_content("Delivery failed.")
    report.make_mixed()
    report.replace_header("Content-Type", 'multipart/report; report-type=delivery-status; boundary="b"')
    assert not_a_reply(bytes(report)) == "automatic"


def test_a_person_writing_normally_is_not_automatic():
    assert read_reply(mail("Hola", Auto_Submitted="no"), "lucia@example.es").text == "Hola"


def test_empty_huge_and_long_replies():
    assert not_a_reply(mail("> only the quoted thread\n")) == "empty"
    with pytest.raises(UnreadableMail):
        read_reply(b"x" * (MAX_MESSAGE_BYTES + 1))
    assert len(read_reply(mail("palabra " * 2_000)).text) == MAX_REPLY_CHARS
