"""`handouts serve` as a real process on a free port, spoken to over real HTTP, and real Chromium.

Every server's output is checked when it stops: no patient detail the tests typed (the names,
note, email address and passwords below) may appear in it, whatever the test did.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.conftest import SHIPPED_CONTENT

SCRIPT = str(Path(sys.executable).parent / "handouts")
AXE = Path(__file__).resolve().parent / "axe.min.js"

PATIENT = "Zelda Quixote-Ramírez"
PROVIDER = "Dr. Okonkwo-Vásquez"
NOTE = "Ice the left shoulder 15 minutes at a time"
EMAIL = "pt-4471@example.org"
PASSWORD = "Fennel-Harbor-42"
SENDER = "frontdesk@clinic.example"
RELAY_USER, RELAY_PASSWORD = "frontdesk", "relay-secret-9"
SECRETS = ("Zelda", "Quixote", "Okonkwo", "left shoulder", EMAIL, PASSWORD, "Fennel", "Maximiliana")
"""What must never appear in a server's output, in any test."""

LONG_NOTE = {
    "lang": "es", "large_print": True,
    "patient": "Maximiliana Concepción Quixote-Ramírez de la Torre",
    "provider": "Dra. Guadalupe Okonkwo-Vásquez Hernández",
    "note": "Ponga hielo en el hombro izquierdo 15 minutos cada vez, tres veces al día.\n"
    "Camine todos los días un poco más que el día anterior, sin dolor.\n"
    "Llame si tiene fiebre, enrojecimiento o hinchazón en la zona de la inyección.",
}  # fmt: skip
"""A note and names long enough that copy-fitting cannot keep this copy to its 3 pages."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path
    content: Path
    token: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self) -> dict[str, str]:
        return {"Origin": self.url}

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        form: dict[str, Any] | list[tuple[str, str]] | None = None,
        json_body: Any = None,
    ) -> Reply:
        sent = dict(headers or {})
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent.setdefault("Content-Type", "application/json")
        if self.token and "Authorization" not in sent and "Cookie" not in sent:
            sent["Authorization"] = f"Bearer {self.token}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            headers_out = {k.lower(): v for k, v in response.getheaders()}
            return Reply(response.status, headers_out, data)
        finally:
            connection.close()

    def post(self, path: str, **kwargs: Any) -> Reply:
        headers = {**self.origin, **kwargs.pop("headers", {})}
        return self.request("POST", path, headers=headers, **kwargs)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    content: Path, log: Path, env: dict[str, str] | None = None, token: str | None = None
) -> Server:
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HANDOUTS_")}
    environment.update(env or {})
    if token:
        environment["HANDOUTS_TOKEN"] = token
    with log.open("wb") as out:
        process = subprocess.Popen(
            [SCRIPT, "serve", "--content", str(content), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=environment, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    server = Server(port, process, log, content, token)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"handouts serve exited {process.returncode}:\n{server.output()}")
        try:
            if server.request("GET", "/health").status == 200:
                return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise AssertionError(f"handouts serve did not answer within 60 s:\n{server.output()}")


def stop_and_check(server: Server) -> None:
    """Stop it, then read everything it printed: no patient detail may be there."""
    server.stop()
    output = server.output()
    leaked = [secret for secret in SECRETS if secret.lower() in output.lower()]
    assert not leaked, f"patient data in the server's output: {leaked}"
    assert "Traceback" not in output, output[-3000:]


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


@pytest.fixture(scope="session")
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture(scope="session")
def relay_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("relay")


@pytest.fixture(scope="session")
def tls_relay(inbox: Inbox, relay_folder: Path) -> Iterator[Any]:
    controller = relay(inbox, relay_folder)
    yield controller
    controller.stop()


@pytest.fixture(scope="session")
def server(tls_relay: Any, relay_folder: Path) -> Iterator[Server]:
    """One server on the shipped content (read only), sending mail through the local relay,
    shared by the modules that only read: started once per test process, its caches warm
    for every test after the first."""
    env = {
        "HANDOUTS_SMTP_HOST": "127.0.0.1", "HANDOUTS_SMTP_PORT": str(tls_relay.port),
        "HANDOUTS_SMTP_USER": RELAY_USER, "HANDOUTS_SMTP_PASSWORD": RELAY_PASSWORD,
        "HANDOUTS_SMTP_FROM": SENDER, "HANDOUTS_SMTP_CA_FILE": str(relay_folder / "relay.pem"),
    }  # fmt: skip
    running = start_server(SHIPPED_CONTENT, relay_folder / "server.log", env)
    yield running
    stop_and_check(running)


def wait_for(check: Any, timeout: float = 20.0, what: str = "the condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA rules, run on the page as it is now."""
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))"
        ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));"
    )
    return list(result)
