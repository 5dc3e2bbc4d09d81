"""The public API at the package root: what a web app, a notebook or an EHR integration uses."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from pypdf import PdfReader

import handouts
from cli import app
from handouts import (
    DEFAULT_OPTIONS,
    ContentErrors,
    Options,
    Personal,
    build_catalog,
    build_packet,
    encrypt,
    load_library,
    make_packet,
    render_handout,
)
from tests.conftest import ROOT, SHIPPED_CONTENT
from tests.pdftext import page_texts

LIBRARY = load_library(SHIPPED_CONTENT)


def test_every_public_name_resolves_and_importing_is_light() -> None:
    for name in handouts.__all__:
        assert getattr(handouts, name) is not None
    code = "import sys, handouts; print(any(m.startswith('reportlab') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "False", done.stderr


def test_a_handout_renders_to_bytes_in_memory(workdir: Path, catalog: Path) -> None:
    rendered = render_handout(LIBRARY, "migraine")
    assert rendered.pages == 2
    assert rendered.data == (catalog / "migraine.pdf").read_bytes()  # what `build` writes
    spanish = render_handout(LIBRARY, "migraine", lang="es", paper="a4", large_print=True)
    assert float(PdfReader(io.BytesIO(spanish.data)).pages[0].mediabox.width) == pytest.approx(
        595.28, abs=0.01
    )
    assert list(workdir.iterdir()) == []  # nothing was written


def test_a_personalised_encrypted_copy_is_made_in_memory(workdir: Path) -> None:
    personal = Personal("Ana López", visit_date=None, note="Ice the shoulder")
    data = encrypt(render_handout(LIBRARY, "aftercare", personal=personal).data, "long enough")
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted and reader.decrypt("long enough")
    assert "Ana López" in page_texts(data, "long enough")[0]
    assert list(workdir.iterdir()) == []


def test_options_take_strings_and_lists_as_a_python_caller_writes_them(tmp_path: Path) -> None:
    """`Options(content="content", out="out", conditions=["migraine"])` once crashed in the
    build with "'str' object has no attribute 'is_dir'"."""
    out = tmp_path / "out"
    options = Options(content=str(SHIPPED_CONTENT), out=str(out), conditions=["migraine"])  # type: ignore[arg-type]
    assert options.content == SHIPPED_CONTENT and options.conditions == ("migraine",)
    result = build_catalog(options)
    assert sorted(p.name for p in out.glob("*.pdf")) == ["migraine-es.pdf", "migraine.pdf"]
    assert len(result.written) == 2


def test_a_packet_is_made_in_memory_and_with_default_options(workdir: Path) -> None:
    packet = make_packet(LIBRARY, ["migraine", "aftercare"])
    assert len(PdfReader(io.BytesIO(packet.data)).pages) == packet.pages
    built = build_packet(Options(content=SHIPPED_CONTENT, conditions=("migraine", "aftercare")))
    assert built.path == DEFAULT_OPTIONS.out / "packet-migraine-aftercare.pdf"
    assert built.path.read_bytes() == packet.data


@pytest.mark.parametrize("command", ["build", "packet", "catalog", "check", "list", "review"])
def test_the_cli_takes_its_defaults_from_the_api(command: str) -> None:
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    fields = {field.name for field in dataclasses.fields(Options)}
    checked = 0
    for param in click_command.params:
        if param.name in fields and param.name != "conditions":
            default = getattr(DEFAULT_OPTIONS, param.name)
            assert param.default in (default, str(default)), (command, param.name)
            checked += 1
    assert checked >= 1


def test_content_problems_in_several_passes_arrive_in_one_round(tmp_path: Path) -> None:
    """A figure path error used to hide behind an unrelated typo until the typo was fixed."""
    content = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    areas = content / "conditions" / "treatment-areas.yaml"
    areas.write_text(areas.read_text().replace("images/treatment-areas.svg", "images/gone.svg"))
    block = content / "blocks" / "what-happens.yaml"
    block.write_text(block.read_text().replace("heading:", "headng:"))
    copy = (content / "blocks" / "faq-short.yaml").read_text()  # English words as Spanish
    (content / "blocks" / "faq-short.es.yaml").write_text(copy)
    with pytest.raises(ContentErrors) as raised:
        load_library(content)
    messages = "\n".join(str(e) for e in raised.value.errors)
    assert "image file 'images/gone.svg' not found" in messages
    assert "unknown key 'headng' (did you mean 'heading'?)" in messages
    assert "this Spanish (es) translation has the same words as " in messages
    assert "/faq-short.es.yaml:" in messages
