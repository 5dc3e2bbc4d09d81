"""The email that carries a patient's locked PDF: a draft (.eml) for the staff's own mail
program, or a message sent through the clinic's relay over STARTTLS.

Subject, body and attachment name come from the language's `email` in settings.yaml and are the
same for every patient: no condition, name, note or password is in any header or in the body.
The password reaches the patient another way (the page tells the staff so).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from handouts.content.fields import fill
from handouts.content.library import Library
from handouts.errors import HandoutsError
from handouts.serve.config import Smtp
from handouts.serve.orders import Order

TIMEOUT = 30


class MailError(HandoutsError):
    """Sending failed; the message says why in words that hold no patient data."""


def compose(
    library: Library, order: Order, pdf: bytes, sender: str | None, *, draft: bool
) -> EmailMessage:
    """The message, in the patient's language, with the (already encrypted) PDF attached."""
    words = library.settings.languages[order.lang].email
    clinics = [loc for loc in library.brand.locations if order.clinic in (None, loc.slug)]
    phones = "\n".join(f"{loc.name}: {loc.phone}" for loc in clinics)
    message = EmailMessage()
    message["To"] = order.email
    if sender:
        message["From"] = sender
    message["Subject"] = " ".join(fill(words.subject, clinic=library.brand.name).split())
    message["Date"] = formatdate(localtime=True)
    domain = sender.rpartition("@")[2] if sender else "handouts.invalid"
    message["Message-ID"] = make_msgid(domain=domain)
    if draft:
        message["X-Unsent"] = "1"  # Outlook, Apple Mail, Thunderbird open it as a new message
    message.set_content(fill(words.body, clinic=library.brand.name, phones=phones))
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=words.attachment)
    return message


def send(smtp: Smtp, message: EmailMessage) -> None:
    """Through the relay, after STARTTLS with a verified certificate, or not at all."""
    context = ssl.create_default_context(cafile=str(smtp.ca_file) if smtp.ca_file else None)
    where = f"{smtp.host}:{smtp.port}"
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT, local_hostname="localhost") as c:
            c.ehlo()
            if not c.has_extn("starttls"):
                raise MailError(
                    f"the mail relay at {where} does not offer STARTTLS, so nothing was sent: "
                    "a patient's email never leaves unencrypted"
                )
            c.starttls(context=context)
            c.ehlo()
            if smtp.user and smtp.password:
                c.login(smtp.user, smtp.password)
            c.send_message(message)
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError:
        raise MailError(
            "the mail relay refused the user name or password (HANDOUTS_SMTP_USER and "
            "HANDOUTS_SMTP_PASSWORD); nothing was sent"
        ) from None
    except smtplib.SMTPRecipientsRefused:
        raise MailError(
            "the mail relay refused the patient's address; check it, or make a draft instead"
        ) from None
    except smtplib.SMTPSenderRefused:
        raise MailError(
            "the mail relay refused the sender address (HANDOUTS_SMTP_FROM); nothing was sent"
        ) from None
    except smtplib.SMTPException:
        raise MailError("the mail relay did not accept the message; nothing was sent") from None
    except (ssl.SSLError, ssl.CertificateError):
        raise MailError(
            f"the mail relay at {where} has a certificate this computer cannot verify; nothing "
            "was sent (a relay with a private certificate needs HANDOUTS_SMTP_CA_FILE)"
        ) from None
    except OSError:
        raise MailError(f"could not reach the mail relay at {where}; nothing was sent") from None
