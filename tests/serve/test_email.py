"""Email through a real SMTP server on localhost (aiosmtpd, STARTTLS with a certificate made
here, a login), and the .eml draft read back with the standard library."""

from __future__ import annotations

import email
import io
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
    RELAY_PASSWORD,
    RELAY_USER,
    SENDER,
    Inbox,
    Server,
    relay,
)

LIBRARY = load_library(SHIPPED_CONTENT)
FORBIDDEN = [
    "Zelda", "Quixote", "Okonkwo", "shoulder", PASSWORD,
    *(c.title for lang in LIBRARY.languages for c in LIBRARY.conditions_by_lang[lang].values()),
    *LIBRARY.conditions, "migra", "fibro", "aftercare", "cuidados",
]  # fmt: skip
"""Nothing personal, and no condition (health information too), in any header or the body."""


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


def test_the_app_sends_a_locked_pdf_through_the_relay(server: Server, inbox: Inbox) -> None:
    before = len(inbox.received)
    reply = server.post("/copy", form=order_form("send"), headers={"Accept": "application/json"})
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


def test_the_draft_opens_as_a_new_message(server: Server, inbox: Inbox) -> None:
    before = len(inbox.received)
    reply = server.post("/copy", form=order_form("eml", lang="en"))
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
    server: Server, inbox: Inbox, changes: dict, field: str, words: str
) -> None:
    before = len(inbox.received)
    reply = server.post(
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
