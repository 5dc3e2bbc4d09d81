"""Email through a real SMTP server on localhost (aiosmtpd, STARTTLS with a certificate made
here, a login), and the .eml draft read back with the standard library."""

from __future__ import annotations

import datetime as dt
import email
import io
import ipaddress
import ssl
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from handouts import load_library
from handouts.serve.config import Smtp
from handouts.serve.mail import MailError, compose, send
from handouts.serve.orders import Order
from tests.conftest import SHIPPED_CONTENT
from tests.serve.conftest import (
    EMAIL,
    NOTE,
    PASSWORD,
    PATIENT,
    PROVIDER,
    Server,
    free_port,
    start_server,
    stop_and_check,
)

LIBRARY = load_library(SHIPPED_CONTENT)
SENDER = "frontdesk@clinic.example"
RELAY_USER, RELAY_PASSWORD = "frontdesk", "relay-secret-9"
FORBIDDEN = [
    "Zelda", "Quixote", "Okonkwo", "shoulder", PASSWORD,
    *(c.title for lang in LIBRARY.languages for c in LIBRARY.conditions_by_lang[lang].values()),
    *LIBRARY.conditions, "migra", "fibro", "aftercare", "cuidados",
]  # fmt: skip
"""Nothing personal, and no condition (health information too), in any header or the body."""


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made now with `cryptography`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "relay.pem", folder / "relay.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Inbox:
    """What the relay received: (envelope, was the session under TLS)."""

    def __init__(self) -> None:
        self.received: list[tuple[Any, bool]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope, session.ssl is not None))
        return "250 OK"


def relay(inbox: Inbox, folder: Path | None) -> Any:
    """A real SMTP server on a free local port: with STARTTLS and a login when given a folder
    for its certificate, else plain (to show the app refuses it)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            RELAY_USER.encode(), RELAY_PASSWORD.encode())  # fmt: skip
        return AuthResult(success=ok, handled=False)  # False: the relay answers 535

    options: dict[str, Any] = {}
    if folder is not None:
        cert, key = certificate(folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        options = {"tls_context": context, "require_starttls": True, "authenticator": login,
                   "auth_required": True, "auth_require_tls": True}  # fmt: skip
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller


@pytest.fixture(scope="module")
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture(scope="module")
def relay_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("relay")


@pytest.fixture(scope="module")
def tls_relay(inbox: Inbox, relay_folder: Path) -> Iterator[Any]:
    controller = relay(inbox, relay_folder)
    yield controller
    controller.stop()


@pytest.fixture(scope="module")
def mail_server(tls_relay: Any, relay_folder: Path) -> Iterator[Server]:
    env = {
        "HANDOUTS_SMTP_HOST": "127.0.0.1", "HANDOUTS_SMTP_PORT": str(tls_relay.port),
        "HANDOUTS_SMTP_USER": RELAY_USER, "HANDOUTS_SMTP_PASSWORD": RELAY_PASSWORD,
        "HANDOUTS_SMTP_FROM": SENDER, "HANDOUTS_SMTP_CA_FILE": str(relay_folder / "relay.pem"),
    }  # fmt: skip
    running = start_server(SHIPPED_CONTENT, relay_folder / "server.log", env)
    yield running
    stop_and_check(running)


def order_form(action: str, lang: str = "es", **changes: str) -> dict[str, Any]:
    return {
        "handouts": ["migraine"], "position-migraine": "1",
        "lang": lang, "patient": PATIENT, "provider": PROVIDER,
        "note": NOTE, "password": PASSWORD, "email": EMAIL, "action": action, **changes,
    }  # fmt: skip


def check_private(message: EmailMessage, language_words: str) -> bytes:
    """Headers and body say nothing personal or medical; returns the attached PDF."""
    headers = "\n".join(f"{name}: {value}" for name, value in message.items() if name != "To")
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    for word in FORBIDDEN:
        assert word.lower() not in headers.lower(), word
        assert word.lower() not in text.lower(), word
    assert language_words in text
    assert "815 802-0088" in text and "815 802-0077" in text
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1 and attachments[0].get_content_type() == "application/pdf"
    return attachments[0].get_content()


def check_locked(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted and reader.trailer["/Encrypt"]["/V"] == 5  # AES-256
    assert reader.decrypt("wrong password") == 0
    assert reader.decrypt(PASSWORD)
    first = reader.pages[0].extract_text()
    assert PATIENT in first and NOTE in first
    assert not any("Zelda" in page.extract_text() for page in reader.pages[1:])


def test_the_app_sends_a_locked_pdf_through_the_relay(mail_server: Server, inbox: Inbox) -> None:
    before = len(inbox.received)
    reply = mail_server.post(
        "/copy", form=order_form("send"), headers={"Accept": "application/json"}
    )
    assert reply.status == 200, reply.text
    assert "password another way" in reply.json["message"]
    assert "Zelda" not in reply.text and EMAIL not in reply.text
    envelope, under_tls = inbox.received[before]
    assert under_tls  # STARTTLS before anything was said
    assert envelope.mail_from == SENDER and envelope.rcpt_tos == [EMAIL]
    message = email.message_from_bytes(envelope.original_content, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == "Su folleto de Bourbonnais & Manhattan Clinics"
    assert message["To"] == EMAIL and message["From"] == SENDER
    assert "X-Unsent" not in message
    pdf = check_private(message, "Le damos la contraseña en persona o por teléfono")
    assert message.get_payload()[1].get_filename() == "folleto.pdf"
    check_locked(pdf)


def test_the_draft_opens_as_a_new_message(mail_server: Server, inbox: Inbox) -> None:
    before = len(inbox.received)
    reply = mail_server.post("/copy", form=order_form("eml", lang="en"))
    assert reply.status == 200
    assert reply.headers["content-type"] == "message/rfc822"
    assert reply.headers["content-disposition"] == 'attachment; filename="email-draft.eml"'
    assert b"\r\n" in reply.body  # CRLF line ends, as mail programs expect
    message = email.message_from_bytes(reply.body, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["X-Unsent"] == "1"
    assert message["To"] == EMAIL and message["From"] == SENDER
    assert message["Subject"] == "Your handout from Bourbonnais & Manhattan Clinics"
    check_locked(check_private(message, "We give you the password in person or by phone"))
    assert len(inbox.received) == before  # a draft sends nothing


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"email": "zelda.quixote at example.org"}, "email", "one email address"),
        ({"email": "zelda@quixote"}, "email", "one email address"),
        ({"email": f"{EMAIL}, other@example.org"}, "email", "one email address"),
        ({"email": f"{EMAIL}\r\nBcc: spy@example.org"}, "email", "one email address"),
        ({"email": ""}, "email", "one email address"),
        ({"password": ""}, "password", "Type a password"),
        ({"password": "Zelda"}, "password", "8 to 128 characters"),
    ],
)
def test_an_email_needs_one_address_and_a_password(
    mail_server: Server, inbox: Inbox, changes: dict, field: str, words: str
) -> None:
    before = len(inbox.received)
    reply = mail_server.post(
        "/copy", form=order_form("send", **changes), headers={"Accept": "application/json"}
    )
    assert reply.status == 400
    assert reply.json["field"] == field and words in reply.json["detail"]
    assert "Zelda" not in reply.text and "spy@" not in reply.text
    assert len(inbox.received) == before


def a_message() -> EmailMessage:
    order = Order(("migraine",), "en", "letter", email=EMAIL, password=PASSWORD)
    return compose(LIBRARY, order, b"%PDF-1.7 locked", SENDER, draft=False)


def test_a_relay_without_starttls_gets_nothing(tmp_path: Path) -> None:
    plain_inbox = Inbox()
    controller = relay(plain_inbox, None)
    try:
        smtp = Smtp("127.0.0.1", controller.port, SENDER)
        with pytest.raises(MailError, match="does not offer STARTTLS, so nothing was sent"):
            send(smtp, a_message())
    finally:
        controller.stop()
    assert plain_inbox.received == []


def test_an_unverified_certificate_or_a_wrong_login_sends_nothing(
    tls_relay: Any, inbox: Inbox, relay_folder: Path
) -> None:
    before = len(inbox.received)
    unverified = Smtp("127.0.0.1", tls_relay.port, SENDER, RELAY_USER, RELAY_PASSWORD)
    with pytest.raises(MailError, match="cannot verify"):
        send(unverified, a_message())
    wrong = Smtp(
        "127.0.0.1", tls_relay.port, SENDER, RELAY_USER, "not-it-at-all", relay_folder / "relay.pem"
    )
    with pytest.raises(MailError, match="refused the user name or password"):
        send(wrong, a_message())
    assert len(inbox.received) == before
