"""What `handouts serve` is started with: address, content folder, access token and mail relay.

Secrets come from the environment only, never from the command line (where `ps` shows them):

    HANDOUTS_TOKEN          the staff's access token; required to bind anything but loopback
    HANDOUTS_SMTP_HOST      the clinic's mail relay (sending is off without it)
    HANDOUTS_SMTP_PORT      its submission port, 587 unless set
    HANDOUTS_SMTP_USER      and HANDOUTS_SMTP_PASSWORD: the relay's login, if it needs one
    HANDOUTS_SMTP_FROM      the sender address patients see
    HANDOUTS_SMTP_CA_FILE   a CA bundle for a relay whose certificate a private CA signed
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import HandoutsError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MIN_TOKEN = 12
MAX_BODY = 64 * 1024
"""Bytes in one request body: a form or JSON order is a few hundred; nothing is uploaded."""
_ADDRESS = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+")


@dataclass(frozen=True)
class Smtp:
    """The clinic's relay: STARTTLS is required, the certificate is verified."""

    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    ca_file: Path | None = None

    def __repr__(self) -> str:  # never print the password
        return f"Smtp(host={self.host!r}, port={self.port}, sender={self.sender!r})"


@dataclass(frozen=True)
class ServeConfig:
    content: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None
    smtp: Smtp | None = None
    max_body: int = MAX_BODY

    def __repr__(self) -> str:  # never print the token
        return f"ServeConfig(content={self.content!r}, host={self.host!r}, port={self.port})"

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: reachable from this computer only."""
    import ipaddress  # here: the CLI reads this module's defaults for --help

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def config_from(
    content: Path, host: str, port: int, environ: Mapping[str, str] = os.environ
) -> ServeConfig:
    """Check the options and the environment before anything starts listening."""
    if not 1 <= port <= 65535:
        raise HandoutsError(f"--port must be between 1 and 65535, not {port}")
    token = environ.get("HANDOUTS_TOKEN") or None
    if token is not None and len(token) < MIN_TOKEN:
        raise HandoutsError(f"HANDOUTS_TOKEN must have at least {MIN_TOKEN} characters")
    if not is_loopback(host) and token is None:
        raise HandoutsError(
            f"refusing to listen on {host}: other computers could reach the app. Set an access "
            "token for the staff in the environment variable HANDOUTS_TOKEN (at least "
            f"{MIN_TOKEN} characters), or leave out --host to use this computer only"
        )
    return ServeConfig(content=content, host=host, port=port, token=token, smtp=smtp_from(environ))


def smtp_from(environ: Mapping[str, str]) -> Smtp | None:
    host = environ.get("HANDOUTS_SMTP_HOST") or None
    if host is None:
        return None
    port_text = environ.get("HANDOUTS_SMTP_PORT") or "587"
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise HandoutsError("HANDOUTS_SMTP_PORT must be a port number, e.g. 587")
    sender = environ.get("HANDOUTS_SMTP_FROM") or ""
    if not _ADDRESS.fullmatch(sender):
        raise HandoutsError(
            "HANDOUTS_SMTP_FROM must be the address the clinic sends from, e.g. "
            "frontdesk@clinic.example, when HANDOUTS_SMTP_HOST is set"
        )
    user = environ.get("HANDOUTS_SMTP_USER") or None
    password = environ.get("HANDOUTS_SMTP_PASSWORD") or None
    if (user is None) != (password is None):
        raise HandoutsError("set both HANDOUTS_SMTP_USER and HANDOUTS_SMTP_PASSWORD, or neither")
    ca_file = environ.get("HANDOUTS_SMTP_CA_FILE") or None
    if ca_file is not None and not Path(ca_file).is_file():
        raise HandoutsError(f"HANDOUTS_SMTP_CA_FILE: no file at {ca_file}")
    return Smtp(
        host=host, port=int(port_text), sender=sender, user=user, password=password,
        ca_file=Path(ca_file) if ca_file else None,
    )  # fmt: skip
