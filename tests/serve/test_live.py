"""Content edits picked up without a restart (a bad one keeps the last good content), the access
token, and the refusal to listen beyond this computer without one."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.errors import HandoutsError
from handouts.serve.config import config_from, is_loopback
from tests.conftest import SHIPPED_CONTENT
from tests.serve.conftest import PATIENT, SCRIPT, Server, free_port, start_server, stop_and_check

TOKEN = "staff-token-0123456789"


@pytest.fixture(scope="module")
def editable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on a copy of the content that the tests edit, with an access token."""
    folder = tmp_path_factory.mktemp("live")
    content = folder / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    running = start_server(content, folder / "server.log", token=TOKEN)
    yield running
    stop_and_check(running)


def title(server: Server) -> str:
    """The migraine handout's title as its page shows it."""
    page = server.request("GET", "/handouts/migraine").text
    return page.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0]


def pictures(server: Server) -> list[str]:
    """The addresses of the catalog's card pictures (each browsers may keep)."""
    return re.findall(r'src="(/pictures/[^"]+)"', server.request("GET", "/").text)


def test_an_edit_is_served_without_a_restart_and_a_bad_one_keeps_the_last_good(
    editable: Server,
) -> None:
    migraine = editable.content / "conditions" / "migraine.yaml"
    original = migraine.read_text(encoding="utf-8")
    new_title = "Trigger point shots for migraine"
    before = pictures(editable)
    migraine.write_text(
        original.replace("title: Trigger point injections for migraine", f"title: {new_title}"),
        encoding="utf-8",
    )
    assert title(editable) == new_title
    after = pictures(editable)  # new addresses: no browser shows a picture it kept of the old
    assert len(after) == len(before) == 20 and not set(after) & set(before)
    pdf = editable.request("GET", "/pdf/migraine").body
    assert new_title in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    block = editable.content / "blocks" / "what-happens.yaml"
    good_block = block.read_text(encoding="utf-8")
    block.write_text(good_block.replace("heading:", "headng:", 1), encoding="utf-8")
    try:
        assert title(editable) == new_title  # still the last good content
        catalog = editable.request("GET", "/")
        assert catalog.status == 200 and "The latest content edit has problems" in catalog.text
        assert "headng" not in catalog.text  # the located problem is for the admin page only
        admin = editable.request("GET", "/admin")
        assert "blocks/what-happens.yaml:" in admin.text and "headng" in admin.text
        print_copy = editable.post(
            "/copy", form={"handouts": "migraine", "patient": PATIENT, "action": "print"}
        )
        assert print_copy.status == 200 and print_copy.headers["content-type"] == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(print_copy.body)).pages)
        assert "headng" not in text and "what-happens" not in text and new_title in text
    finally:
        block.write_text(good_block, encoding="utf-8")
        migraine.write_text(original, encoding="utf-8")
    assert title(editable) == "Trigger point injections for migraine"
    assert "No problems" in editable.request("GET", "/admin").text


def test_with_a_token_staff_sign_in_first(editable: Server) -> None:
    anonymous = {"Cookie": "handouts_staff=guess"}
    page = editable.request("GET", "/", headers=anonymous)
    assert page.status == 303 and page.headers["location"] == "/login"
    api = editable.request("GET", "/api/handouts", headers=anonymous)
    assert api.status == 401
    wrong_bearer = editable.request("GET", "/api/handouts", headers={"Authorization": "Bearer x"})
    assert wrong_bearer.status == 401
    assert editable.request("GET", "/login", headers=anonymous).status == 200

    wrong = editable.post("/login", form={"token": "not-the-token"}, headers=anonymous)
    assert wrong.status == 401 and "not right" in wrong.text
    signed = editable.post("/login", form={"token": TOKEN}, headers=anonymous)
    assert signed.status == 303
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
    session = cookie.split(";")[0]
    assert editable.request("GET", "/", headers={"Cookie": session}).status == 200
    # A page elsewhere cannot use the session: the browser sends no SameSite=Strict cookie
    # across sites, and the Origin check refuses the post anyway.
    stolen = editable.request(
        "POST", "/copy", form={"handouts": "migraine", "action": "print"},
        headers={"Cookie": session, "Origin": "https://evil.example"},
    )  # fmt: skip
    assert stolen.status == 403


def test_binding_beyond_this_computer_needs_a_token(tmp_path: Path) -> None:
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    port = str(free_port())
    refused = subprocess.run(
        [SCRIPT, "serve", "--content", str(SHIPPED_CONTENT), "--host", "0.0.0.0", "--port", port],
        capture_output=True, text=True, timeout=60, env=environment, check=False,
    )  # fmt: skip
    assert refused.returncode == 1
    assert "refusing to listen on 0.0.0.0" in refused.stderr
    assert "HANDOUTS_TOKEN" in refused.stderr

    with pytest.raises(HandoutsError, match=r"refusing to listen on 192\.168\.1\.20"):
        config_from(SHIPPED_CONTENT, "192.168.1.20", 8000, {})
    with pytest.raises(HandoutsError, match="at least 12 characters"):
        config_from(SHIPPED_CONTENT, "0.0.0.0", 8000, {"HANDOUTS_TOKEN": "short"})
    allowed = config_from(SHIPPED_CONTENT, "0.0.0.0", 8000, {"HANDOUTS_TOKEN": TOKEN})
    assert allowed.token == TOKEN and TOKEN not in repr(allowed)
    assert [is_loopback(h) for h in ("127.0.0.1", "127.4.5.6", "::1", "localhost", "0.0.0.0",
                                     "::", "example.org")] == [True] * 4 + [False] * 3  # fmt: skip


def test_mail_settings_are_checked_before_starting() -> None:
    base = {"HANDOUTS_SMTP_HOST": "relay.clinic.example"}
    with pytest.raises(HandoutsError, match="HANDOUTS_SMTP_FROM"):
        config_from(SHIPPED_CONTENT, "127.0.0.1", 8000, base)
    with pytest.raises(HandoutsError, match="both HANDOUTS_SMTP_USER and HANDOUTS_SMTP_PASSWORD"):
        config_from(
            SHIPPED_CONTENT, "127.0.0.1", 8000,
            {**base, "HANDOUTS_SMTP_FROM": "desk@clinic.example", "HANDOUTS_SMTP_USER": "desk"},
        )  # fmt: skip
    smtp = config_from(
        SHIPPED_CONTENT, "127.0.0.1", 8000,
        {**base, "HANDOUTS_SMTP_FROM": "desk@clinic.example", "HANDOUTS_SMTP_USER": "desk",
         "HANDOUTS_SMTP_PASSWORD": "relay-secret"},
    ).smtp  # fmt: skip
    assert smtp is not None and smtp.port == 587 and "relay-secret" not in repr(smtp)


def test_without_a_relay_the_form_offers_a_draft_only(editable: Server) -> None:
    form = editable.request("GET", "/copy")
    assert 'value="eml"' in form.text and 'value="send"' not in form.text
    assert "Sending straight from here is not set up" in form.text
    order = {"handouts": "migraine", "patient": PATIENT, "email": "pt-4471@example.org",
             "password": "long enough", "action": "send"}  # fmt: skip
    reply = editable.post("/copy", form=order, headers={"Accept": "application/json"})
    assert reply.status == 400 and "make an email draft instead" in reply.json["detail"]
