"""`handouts serve` as a real process on a free port, spoken to over real HTTP, and real Chromium.

Every server's output is checked when it stops: no patient detail the tests typed (the names,
note, email address and passwords below) may appear in it, whatever the test did.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
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
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
AXE = Path(__file__).resolve().parent / "axe.min.js"

PATIENT = "Zelda Quixote-Ramírez"
PROVIDER = "Dr. Okonkwo-Vásquez"
NOTE = "Ice the left shoulder 15 minutes at a time"
EMAIL = "pt-4471@example.org"
PASSWORD = "Fennel-Harbor-42"
SECRETS = ("Zelda", "Quixote", "Okonkwo", "left shoulder", EMAIL, PASSWORD, "Fennel")
"""What must never appear in a server's output, in any test."""


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


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the module, on the shipped content (read only)."""
    folder = tmp_path_factory.mktemp("serve")
    running = start_server(SHIPPED_CONTENT, folder / "server.log")
    yield running
    stop_and_check(running)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip(
            f"Chromium not installed ({CHROMIUM}, {CHROMEDRIVER}): apt-get install "
            "chromium chromium-driver"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,1000", "--disable-dev-shm-usage",
    ):  # fmt: skip
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
        },
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


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
