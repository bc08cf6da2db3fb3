"""Outgoing email through a real SMTP server (aiosmtpd on a free port): plain, with STARTTLS or TLS
from the start on a certificate made for the test, with a password; the embedded default's outbox;
refusals."""
from __future__ import annotations

import datetime as dt
import email
import ssl
from email import policy
from pathlib import Path
from typing import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bot.mail.letters import case_reply
from bot.mail.postbox import MailError, Postbox
from bot.serving.services import free_port


class Inbox:
    """aiosmtpd's handler: keeps every message it is given."""

    def __init__(self) -> None:
        self.received: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _authenticate(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=(auth_data.login, auth_data.password) == (b"care", b"s3cret pass"))


def _running_server(tmp_path, monkeypatch, tls: str, **login: bool) -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on a certificate trusted by this test only, with a password login;
    yields (inbox, port). `tls` is aiosmtpd's argument for how it speaks TLS (`tls_context`:
    STARTTLS, `ssl_context`: from the first byte); `login`, when it asks for the password."""
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="localhost", port=port, authenticator=_authenticate, **{tls: context},
                            **login)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def smtp_server(tmp_path, monkeypatch):
    """Offering STARTTLS, which it requires before a login."""
    yield from _running_server(tmp_path, monkeypatch, "tls_context", auth_required=False, auth_require_tls=True)


@pytest.fixture
def smtps_server(tmp_path, monkeypatch):
    """Speaking TLS from the first byte (port 465's way), a login required."""
    yield from _running_server(tmp_path, monkeypatch, "ssl_context", auth_required=True, auth_require_tls=False)


def letter(name: str = "Customer care") -> email.message.EmailMessage:
    return case_reply(reference="C-000042", text="Hola, ya hemos enviado la reposición.", language="es",
                      to="lucia@example.es", sender=f"{name} <care@example.com>",
                      reply_to="reply+42.1800000000.0123456789abcdef01234567@example.com")


def test_a_letter_goes_through_starttls_with_a_password(smtp_server, tmp_path):
    inbox, port = smtp_server
    where = Postbox(f"smtp://care:s3cret%20pass@localhost:{port}?starttls=1", tmp_path).send(letter())
    assert where == f"localhost:{port}"
    [received] = inbox.received
    assert (received["To"], received["Subject"], received["Content-Language"]) == (
        "lucia@example.es", "[C-000042] Respuesta sobre tu reclamación", "es")
    body = received.get_content().replace("\r\n", "\n")
    assert body.startswith("Hola:\n\nHola, ya hemos enviado la reposición.") and "C-000042" in body
    assert not list(tmp_path.glob("*.eml"))


def test_a_letter_goes_over_tls_from_the_start_with_a_password(smtps_server, tmp_path):
    inbox, port = smtps_server
    assert Postbox(f"smtps://care:s3cret%20pass@localhost:{port}", tmp_path).send(letter()) == f"localhost:{port}"
    assert [m["Subject"] for m in inbox.received] == ["[C-000042] Respuesta sobre tu reclamación"]


def test_a_wrong_password_or_no_server_sends_nothing(smtp_server, tmp_path):
    inbox, port = smtp_server
    with pytest.raises(MailError, match="did not take the email"):
        Postbox(f"smtp://care:wrong@localhost:{port}?starttls=1", tmp_path).send(letter())
    with pytest.raises(MailError, match="did not take the email"):
        Postbox(f"smtp://localhost:{free_port()}", tmp_path).send(letter())
    with pytest.raises(MailError, match="SMTP_URL must look like"):
        Postbox("http://localhost", tmp_path).send(letter())
    assert inbox.received == []


def test_without_a_server_the_letter_lands_in_the_outbox(tmp_path):
    postbox = Postbox(None, tmp_path / "outbox")
    where = Path(postbox.send(letter()))
    assert not postbox.delivers and where.parent == tmp_path / "outbox" and where.suffix == ".eml"
    assert email.message_from_bytes(where.read_bytes(), policy=policy.default)["Subject"].startswith("[C-000042]")


def test_a_line_break_in_a_header_is_refused_not_sent():
    with pytest.raises(ValueError):
        bytes(letter("Care\r\nBcc: everyone@example.com"))
