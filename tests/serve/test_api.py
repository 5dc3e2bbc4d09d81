"""The JSON API and the app's guards, over real HTTP to a real `handouts serve` process."""

from __future__ import annotations

import io
import re
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader

from handouts import load_library, render_handout
from tests.conftest import SHIPPED_CONTENT
from tests.serve.conftest import EMAIL, LONG_NOTE, NOTE, PASSWORD, PATIENT, PROVIDER, Server

LIBRARY = load_library(SHIPPED_CONTENT)


def pages_text(data: bytes, password: str | None = None) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    if password is not None:
        assert reader.decrypt(password)
    return [page.extract_text() for page in reader.pages]


def metadata_text(data: bytes, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(data))
    if password is not None:
        reader.decrypt(password)
    xmp = reader.xmp_metadata
    raw = xmp.stream.get_data().decode("utf-8", "replace") if xmp is not None else ""
    return f"{dict(reader.metadata or {})} {raw} {reader.outline}"


def test_the_openapi_document_describes_the_api(server: Server) -> None:
    reply = server.request("GET", "/openapi.json")
    assert reply.status == 200
    spec = reply.json
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/api/handouts", "/api/render"}  # the pages are not API
    render = spec["paths"]["/api/render"]["post"]
    assert "application/pdf" in render["responses"]["200"]["content"]
    schema = spec["components"]["schemas"]["RenderRequest"]
    assert set(schema["properties"]) == {
        "handouts", "lang", "paper", "large_print", "clinic", "patient", "provider",
        "visit_date", "note", "password",
    }  # fmt: skip
    assert schema["required"] == ["handouts"]
    assert "/api/handouts" in spec["paths"] and "get" in spec["paths"]["/api/handouts"]


def test_list_handouts(server: Server) -> None:
    reply = server.request("GET", "/api/handouts")
    assert reply.status == 200
    catalog = reply.json
    assert len(catalog["handouts"]) == 20
    assert catalog["languages"] == ["en", "es"]
    assert catalog["papers"][0] == "letter" and "a4" in catalog["papers"]
    assert [c["slug"] for c in catalog["clinics"]] == ["bourbonnais", "manhattan"]
    migraine = next(h for h in catalog["handouts"] if (h["slug"], h["lang"]) == ("migraine", "es"))
    assert migraine["title"] == "Inyecciones en puntos gatillo para la migraña"
    assert migraine["pages"] == render_handout(LIBRARY, "migraine", lang="es").pages
    # Nothing shipped is signed off by a clinician: every handout is a draft (docs/signoff.md).
    assert all(handout["draft"] for handout in catalog["handouts"])


def test_the_catalog_and_a_handouts_page_mark_drafts_in_their_language(server: Server) -> None:
    page = server.request("GET", "/?lang=es").text
    assert page.count('<li class="chip draft" lang="es">') == 10
    assert "Borrador: aún no revisado por un profesional clínico" in page
    page = server.request("GET", "/handouts/aftercare?lang=en").text
    assert '<p class="draft" lang="en">Draft: not yet reviewed by a clinician</p>' in page


def test_a_generic_handout_is_the_engines_own_bytes(server: Server) -> None:
    reply = server.post("/api/render", json_body={"handouts": ["migraine"], "lang": "es"})
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.body == render_handout(LIBRARY, "migraine", lang="es").data
    generic = server.request("GET", "/pdf/migraine?lang=es&paper=a4")
    assert generic.body == render_handout(LIBRARY, "migraine", lang="es", paper="a4").data
    assert generic.headers["content-disposition"] == 'inline; filename="migraine-es-a4.pdf"'


def test_a_personal_copy_carries_the_name_on_page_one_only(server: Server) -> None:
    order = {"handouts": ["aftercare"], "patient": PATIENT, "provider": PROVIDER,
             "visit_date": "2026-12-01", "note": NOTE, "password": PASSWORD}  # fmt: skip
    reply = server.post("/api/render", json_body=order)
    assert reply.status == 200, reply.body[:300]
    disposition = reply.headers["content-disposition"]
    assert disposition == 'attachment; filename="handout-personal-locked.pdf"'
    reader = PdfReader(io.BytesIO(reply.body))
    assert reader.is_encrypted and reader.decrypt("not the password") == 0
    assert reader.decrypt(PASSWORD)
    assert reader.trailer["/Encrypt"]["/V"] == 5  # AES-256
    texts = pages_text(reply.body, PASSWORD)
    assert PATIENT in texts[0] and NOTE in texts[0] and PROVIDER in texts[0]
    assert not any("Zelda" in text for text in texts[1:])
    assert "Zelda" not in metadata_text(reply.body, PASSWORD)
    assert "Zelda" not in str(reply.headers)


def test_a_packet_keeps_the_order_asked_for(server: Server) -> None:
    reply = server.post("/api/render", json_body={"handouts": ["pain-diary", "aftercare"]})
    assert reply.status == 200
    outline = PdfReader(io.BytesIO(reply.body)).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == ["Pain diary", "After your trigger point injection"]
    assert reply.headers["content-disposition"] == 'attachment; filename="packet.pdf"'


def test_a_copy_a_long_note_made_longer_says_so_without_the_patient(server: Server) -> None:
    said = "The personal copy of aftercare (es) has 4 pages, 1 more than the copy without "
    said += "patient details; a shorter note keeps it to 3."
    api = server.post("/api/render", json_body={"handouts": ["aftercare"], **LONG_NOTE})
    form = {**LONG_NOTE, "large_print": "1", "handouts": "aftercare", "action": "download"}
    page = server.post("/copy", form=form)
    for reply in (api, page):
        assert reply.status == 200 and len(PdfReader(io.BytesIO(reply.body)).pages) == 4
        assert reply.headers["x-handouts-warning"] == said
        assert "Quixote" not in str(reply.headers) and "Okonkwo" not in str(reply.headers)
    packet = server.post(
        "/api/render", json_body={"handouts": ["migraine", "aftercare"], **LONG_NOTE}
    )
    assert (
        "of the packet migraine + aftercare (es) has 8 pages"
        in packet.headers["x-handouts-warning"]
    )
    short = server.post("/api/render", json_body={**LONG_NOTE, "handouts": ["aftercare"],
                                                  "note": "Hielo."})  # fmt: skip
    assert short.status == 200 and "x-handouts-warning" not in short.headers


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"handouts": []}, "handouts", "List should have at least 1 item"),
        ({"handouts": ["migrane"]}, "handouts", "not in the catalog"),
        ({"lang": "fr"}, "lang", "unknown language"),
        ({"paper": "legal"}, "paper", "“Paper” must be one of: letter, a4"),
        ({"clinic": "chicago"}, "clinic", "unknown clinic"),
        ({"patient": "Zelda " * 20}, "patient", "“Patient's name” is longer than 80"),
        ({"patient": "   "}, "patient", "“Patient's name” is empty"),
        ({"note": "Zelda"}, "patient", "Type the patient's name too"),
        ({"patient": PATIENT, "visit_date": "01/12/2026"}, "visit_date", "YYYY-MM-DD"),
        ({"patient": PATIENT, "note": "Zelda\n" * 7}, "note", "at most 400 characters on 6"),
        ({"patient": "Zelda \u0394\u65e5"}, "patient", "characters the font cannot print"),
        ({"password": "Zelda12"}, "password", "8 to 128 characters"),
        ({"patient": 42}, "patient", "Input should be a valid string"),
        ({"surprise": "Zelda"}, "surprise", "Extra inputs are not permitted"),
    ],
)
def test_every_field_is_checked_as_the_cli_checks_it(
    server: Server, change: dict, field: str | None, words: str
) -> None:
    """A 4xx naming the field, with the CLI's message in the form's words, and never the
    value: no 'Zelda' comes back, whatever field it was typed in."""
    reply = server.post("/api/render", json_body={"handouts": ["migraine"], **change})
    assert reply.status in (400, 422), reply.body
    answer = reply.json
    assert words in answer["detail"]
    if reply.status == 400:
        assert answer["field"] == field
    else:
        assert answer["problems"][0]["field"] == field
    assert "Zelda" not in reply.text and "\u65e5" not in reply.text


def test_twenty_patients_at_once_each_get_only_their_own_copy(server: Server) -> None:
    """ReportLab keeps global state: the engine lock keeps concurrent requests apart."""
    names = [f"Zelda Patient {n:02d}" for n in range(20)]

    def one(name: str) -> tuple[str, bytes]:
        slug = ["aftercare", "questions-and-answers"][int(name[-2:]) % 2]
        order = {"handouts": [slug], "patient": name, "note": f"Note for {name}"}
        reply = server.post("/api/render", json_body=order)
        assert reply.status == 200
        return name, reply.body

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(one, names))
    for name, data in results:
        texts = pages_text(data)
        assert name in texts[0] and f"Note for {name}" in texts[0]
        others = [other for other in names if other != name]
        assert not any(other in text for other in others for text in texts)


def test_cross_origin_posts_are_refused(server: Server) -> None:
    order = {"handouts": ["migraine"], "patient": PATIENT}
    for path in ("/api/render", "/copy", "/login"):
        reply = server.request(
            "POST", path, json_body=order, headers={"Origin": "https://evil.example"}
        )
        assert reply.status == 403, path
    sneaky = server.request(
        "POST", "/api/render", json_body=order, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert sneaky.status == 403
    null = server.request("POST", "/api/render", json_body=order, headers={"Origin": "null"})
    assert null.status == 403
    same = server.post("/api/render", json_body=order)
    assert same.status == 200
    # DNS rebinding: a page at evil.example resolving to 127.0.0.1 sends its own Host.
    rebound = server.request("GET", "/api/handouts", headers={"Host": "evil.example:8000"})
    assert rebound.status == 400
    odd = server.request("POST", "/api/render", json_body=order, headers={"Origin": "http://[x"})
    assert odd.status == 403
    assert server.request("GET", "/", headers={"Host": "[::1"}).status == 400


def test_bodies_are_small_urlencoded_or_json(server: Server) -> None:
    big = server.post("/api/render", json_body={"handouts": ["migraine"], "note": "x" * 70_000})
    assert big.status == 413
    multipart = server.post(
        "/copy", body=b"--b\r\n\r\n--b--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )  # fmt: skip
    assert multipart.status == 415  # no multipart parser, so no temporary files
    plain = server.post("/api/render", body=b'{"handouts": ["migraine"]}',
                        headers={"Content-Type": "text/plain"})  # fmt: skip
    assert plain.status == 415  # the one type a cross-site form could send as "JSON"
    # A body sent in chunks, with no length given, is counted as it arrives.
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        head = (
            f"POST /api/render HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        raw.sendall(head.encode())
        chunk = b"x" * 30_000
        for _ in range(3):
            raw.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        raw.sendall(b"0\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 413")


def test_nothing_is_cached_but_the_apps_own_files_and_versioned_generic_pictures(
    server: Server,
) -> None:
    replies = [
        server.request("GET", "/"), server.request("GET", "/copy"),
        server.request("GET", "/static/style.css"),  # not the address pages use
        server.request("GET", "/pdf/migraine"), server.request("GET", "/pictures/migraine/1.jpg"),
        server.request("GET", "/pictures/migraine/1.jpg?v=0123456789ab"),  # not this version
        server.request("GET", "/no-such-page"), server.request("GET", "/openapi.json"),
        server.post("/api/render", json_body={"handouts": ["migraine"], "patient": PATIENT}),
        server.post("/api/render", json_body={"handouts": []}),
        server.post("/copy", form={"handouts": "migraine", "action": "download"}),
        server.request("POST", "/copy", headers={"Origin": "https://evil.example"}),
    ]  # fmt: skip
    for reply in replies:
        expected = "no-cache" if reply is replies[2] else "no-store"
        assert reply.headers["cache-control"] == expected, reply.status
        assert reply.headers["x-content-type-options"] == "nosniff"
    page = replies[0]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"

    # What the catalog page links to is kept: the same for everyone, no patient data.
    linked = re.findall(r'(?:href|src)="(/(?:static|pictures)/[^"]+)"', page.text)
    style = next(u for u in linked if u.startswith("/static/style.css?v="))
    picture = next(u for u in linked if u.startswith("/pictures/")).replace("&amp;", "&")
    font = server.request("GET", "/fonts/AtkinsonHyperlegible-Regular.ttf")
    assert font.status == 200 and font.body[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    assert font.headers["cache-control"] == "private, max-age=86400"
    for address in (style, picture):
        kept = server.request("GET", address)
        assert kept.status == 200, address
        assert kept.headers["cache-control"] == "private, max-age=31536000, immutable", address
    assert server.request("GET", style).body == server.request("GET", "/static/style.css").body
    for missing in ("/static/nothing.css?v=1", "/fonts/Nothing.ttf", "/pictures/nothing/1.jpg"):
        reply = server.request("GET", missing)  # a 404 is asked for again, never kept
        assert (reply.status, reply.headers["cache-control"]) == (404, "no-store"), missing


def test_patient_data_is_never_taken_from_a_url(server: Server) -> None:
    """A link that puts a name in the query string (from an email, a bookmark) fills in
    nothing: the pages read patient details from POST bodies only."""
    reply = server.request("GET", f"/copy?handouts=migraine&patient=Zelda&email={EMAIL}")
    assert reply.status == 200
    assert "Zelda" not in reply.text and EMAIL not in reply.text
    assert server.request("GET", "/api/render?handouts=migraine&patient=Zelda").status == 405


def test_the_log_names_requests_but_never_patient_data(server: Server) -> None:
    """The access log line is method, path, status and time; a failure on a POST is logged
    without its details. (Every server's whole output is checked again when it stops.)"""
    earlier = len(server.output())  # other tests' requests (a page about shoulders) came before
    order = {"handouts": ["aftercare"], "patient": PATIENT, "note": NOTE, "password": PASSWORD}
    assert server.post("/api/render", json_body=order).status == 200
    bad = {**order, "visit_date": f"{PATIENT} {EMAIL}"}
    assert server.post("/api/render", json_body=bad).status == 400
    assert server.post("/copy", form={**order, "action": "send", "email": EMAIL}).status == 200
    assert server.post("/copy", form={**order, "action": "send", "email": PATIENT}).status == 400
    output = server.output()[earlier:]
    assert '"POST /api/render" 200' in output and '"POST /api/render" 400' in output
    assert "an email went out through the relay at 127.0.0.1" in output
    for secret in ("Zelda", "Quixote", "shoulder", PASSWORD, EMAIL):
        assert secret not in output
