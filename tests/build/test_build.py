"""Building: options, determinism, atomic writes, rebranding, and safe text."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts import Options, build_catalog, load_library
from handouts.content.models import Block
from handouts.parts.paragraph import Paragraph
from handouts.render.document import render_document
from tests.conftest import FIXTURES, SHIPPED_CONTENT
from tests.pdftext import page_texts, text_of


def _page_text(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", text) for text in page_texts(path)]


def test_rebuild_is_byte_identical_whatever_the_clock_or_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_catalog(Options(content=SHIPPED_CONTENT, out=tmp_path / "a"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    second = build_catalog(Options(content=SHIPPED_CONTENT, out=tmp_path / "b"))
    assert [b.path.name for b in first.built] == [b.path.name for b in second.built]
    for a, b in zip(first.built, second.built, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes()


def test_a4_paper_gets_its_own_file_and_size(tmp_path: Path) -> None:
    result = build_catalog(
        Options(content=SHIPPED_CONTENT, out=tmp_path, conditions=("migraine",), paper="a4")
    )
    assert [b.path.name for b in result.built] == ["migraine-a4.pdf", "migraine-es-a4.pdf"]
    box = PdfReader(result.built[0].path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_one_clinic_edition_lists_only_that_clinic(tmp_path: Path) -> None:
    result = build_catalog(
        Options(content=SHIPPED_CONTENT, out=tmp_path, conditions=("migraine",), clinic="manhattan")
    )
    path = result.built[0].path
    assert path.name == "migraine-manhattan.pdf"
    for text in _page_text(path):
        assert "Manhattan 815 802-0077" in text
        assert "802-0088" not in text


def test_phone_numbers_are_tappable_links(catalog: Path) -> None:
    reader = PdfReader(catalog / "migraine.pdf")
    uris = {
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    }
    assert {"tel:+18158020088", "tel:+18158020077"} <= uris


def _fill_colours(path: Path) -> set[tuple[float, float, float]]:
    colours = set()
    for page in PdfReader(path).pages:
        data = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", data):
            colours.add((round(float(r), 2), round(float(g), 2), round(float(b), 2)))
    return colours


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(round(int(hex_colour[i : i + 2], 16) / 255, 2) for i in (1, 3, 5))  # type: ignore[return-value]


def test_a_second_brand_file_rebrands_without_code(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    shutil.copytree(FIXTURES / "acme-brand", content, dirs_exist_ok=True)
    ours = build_catalog(
        Options(content=SHIPPED_CONTENT, out=tmp_path / "ours", conditions=("migraine",))
    )
    theirs = build_catalog(
        Options(content=content, out=tmp_path / "acme", conditions=("migraine",))
    )

    pages = _page_text(theirs.built[0].path)
    assert "Acme Pain Center" in pages[0]
    assert "Gentle care for sore muscles" in pages[0]
    assert all("Downtown 555 013-0100" in text for text in pages)
    assert "12 Main Street, Springfield" in " ".join(pages)
    assert not any("Bourbonnais" in text for text in pages)
    assert PdfReader(theirs.built[0].path).metadata.author == "Acme Pain Center"

    acme = _fill_colours(theirs.built[0].path)
    assert _rgb("#6A1B4D") in acme  # the new primary colour fills the band
    assert _rgb("#0B4F6C") not in acme
    assert _rgb("#0B4F6C") in _fill_colours(ours.built[0].path)


def test_the_svg_logo_is_drawn_as_vector_art(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    shutil.copytree(FIXTURES / "acme-brand", content, dirs_exist_ok=True)
    result = build_catalog(Options(content=content, out=tmp_path / "out"))
    page = PdfReader(result.built[0].path).pages[0]
    data = page.get_contents().get_data().decode("latin-1")
    # The logo's circle is drawn with curves ('c') inside a scaled group, after a white tile.
    assert " c\n" in data or " c " in data
    assert _rgb("#B5651D") in _fill_colours(result.built[0].path)
    assert b"Helvetica" not in result.built[0].path.read_bytes()


def test_svg_text_is_always_set_in_the_handout_font(tmp_path: Path) -> None:
    """Whatever family an SVG names (the brand's, a generic one, none, another font, in CSS),
    its text is drawn in the embedded brand family with its weight and slant, and svglib
    never looks for fonts on the machine (so the bytes cannot depend on it)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    shutil.copytree(FIXTURES / "acme-brand", content, dirs_exist_ok=True)
    (content / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="90" viewBox="0 0 200 90">'
        "<style>.x { font-family: 'Cascadia Code', monospace; font-style: italic }</style>"
        '<text x="4" y="18" font-size="14">no family</text>'
        '<text x="4" y="36" font-family="sans-serif" font-weight="bold">generic</text>'
        '<text x="4" y="54" style="font-family: Arial; font-weight: bold; font-style: italic">'
        "another font</text>"
        '<text x="4" y="72" class="x">css</text>'
        '<text x="4" y="88" font-family="Atkinson Hyperlegible">brand</text></svg>'
    )
    result = build_catalog(Options(content=content, out=tmp_path / "out"))
    pdf = result.built[0].path
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(pdf).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {
        "AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Bold",
        "AtkinsonHyperlegible-Italic", "AtkinsonHyperlegible-BoldItalic",
    }  # fmt: skip
    assert b"Helvetica" not in pdf.read_bytes()


def _handout_with_text(text: str):
    library = load_library(SHIPPED_CONTENT)
    handout = library.handout("migraine")
    # Bypasses validation on purpose: the renderer itself must never interpret tags.
    block = Block.model_construct(
        id="raw", heading="Raw text", revised=handout.revised,
        body=[Paragraph.model_construct(text=text)],
    )  # fmt: skip
    return handout.__class__(**{**handout.__dict__, "blocks": (block,)})


def test_tags_and_entities_print_as_typed_and_are_never_interpreted() -> None:
    raw = (
        'A <b>tag</b>, <img src="/etc/passwd"/>, <font color="red">x</font> & &amp; '
        '<a href="x">y</a>'
    )
    rendered = render_document(_handout_with_text(raw))
    assert raw in text_of(rendered.data)
    assert b"/Subtype /Image" not in rendered.data


def test_inline_bold_and_links_work() -> None:
    rendered = render_document(
        _handout_with_text("Call **today** or see [our site](https://example.org).")
    )
    reader = PdfReader(io.BytesIO(rendered.data))
    assert "Call today or see our site." in text_of(rendered.data)
    uris = [a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", [])]
    assert "https://example.org" in uris


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "migraine.pdf"
    previous.write_bytes(b"%PDF previous")

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    from handouts.errors import HandoutsError

    with pytest.raises(
        HandoutsError, match=r"cannot write .*migraine\.pdf: the disk is full; free some space"
    ):
        build_catalog(Options(content=SHIPPED_CONTENT, out=out, conditions=("migraine",)))
    assert previous.read_bytes() == b"%PDF previous"
    assert [p.name for p in out.iterdir()] == ["migraine.pdf"]


def test_pdf_streams_are_compressed(catalog: Path) -> None:
    data = (catalog / "migraine.pdf").read_bytes()
    assert b"/FlateDecode" in data
    assert len(data) < 150_000


def test_every_part_type_renders_with_its_structure(tmp_path: Path) -> None:
    result = build_catalog(Options(content=FIXTURES / "all-parts", out=tmp_path))
    reader = PdfReader(result.built[0].path)
    text = text_of(result.built[0].path)
    for expected in (
        "A paragraph with italic words, Q&A, and 3 < 5.",
        "1. Step one text",
        "2. Step two text",
        "Callout title",
        "• Callout item one",
        "Question one?",
        "Area Purpose",
        "Neck Eases neck pain and headaches",
        "North 555 010-0001 1 North Road Mon to Fri, 8 to 5",
        "East 555 010-0003",
        "https://clinic.example.org/book",
    ):
        assert expected in text
    fonts = {
        str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert all("+" in name for name in fonts), fonts  # every font subset and embedded: no Helvetica
    fonts = {name.split("+")[1] for name in fonts}
    assert {"AtkinsonHyperlegible-Italic", "AtkinsonHyperlegible-Bold"} <= fonts
    uris = {a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", [])}
    assert "https://clinic.example.org/book" in uris
    decoded = _decode_qr(result.built[0].path)
    assert decoded == ["https://clinic.example.org/book"]
    assert b"Helvetica" not in result.built[0].path.read_bytes()
    images = [
        x
        for x in reader.pages[0]["/Resources"]["/XObject"].values()
        if x.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 1  # the PNG logo


def test_a_part_taller_than_a_page_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    huge = " ".join(["word"] * 1300)  # under the 8,000-character limit, over a page tall
    block = content / "blocks" / "aftercare.yaml"
    block.write_text(
        block.read_text()
        + f"  - table:\n      header: [A, B]\n      rows:\n        - [x, {huge}]\n"
    )
    out = tmp_path / "out"
    from handouts.errors import HandoutsError

    with pytest.raises(HandoutsError) as error:
        build_catalog(Options(content=content, out=out))
    assert str(error.value) == (
        f"{content}/blocks/aftercare.yaml:1:5: block 'aftercare' of handout 'neck-pain' has a "
        "part (a picture, table row, box or list item) taller than a page; make it smaller or "
        "split it into parts"
    )
    assert not out.exists()


def _decode_qr(path: Path) -> list[str]:
    """Every QR code a phone camera would read on the handout's pages."""
    import pypdfium2 as pdfium
    import zxingcpp

    document = pdfium.PdfDocument(str(path))
    found = []
    for page in document:
        image = page.render(scale=3).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image)]
    document.close()
    return found


def test_shipped_brand_has_no_website_so_no_qr(catalog: Path) -> None:
    assert _decode_qr(catalog / "migraine.pdf") == []


def test_a_problem_found_while_rendering_replaces_nothing(tmp_path: Path) -> None:
    """The tenth document fails only when laid out (a picture taller than a page): the nine
    rendered before it must not have replaced anything, and the message names the file."""
    from handouts.errors import ContentErrors

    content = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    out = tmp_path / "out"
    three = ("aftercare", "migraine", "treatment-areas")  # the one that will fail comes last
    build_catalog(Options(content=content, out=out, jobs=1, conditions=three))
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir() if p.is_file()}
    (content / "images" / "treatment-areas.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="400" viewBox="0 0 100 400">'
        '<rect width="100" height="400"/></svg>'
    )
    for jobs in (1, 2):
        with pytest.raises(ContentErrors) as raised:
            build_catalog(
                Options(content=content, out=out, jobs=jobs, force=True, conditions=three)
            )
        (problem,) = raised.value.errors
        assert problem.path.endswith("conditions/treatment-areas.yaml") and problem.line > 1
        assert "taller than a page" in problem.message
        after = {
            p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir() if p.is_file()
        }
        assert after == before
        assert not list(out.glob(".*.part")) and not list((out / ".thumbs").glob(".*.part"))


def test_a_picture_removed_during_a_build_is_a_located_error(tmp_path: Path) -> None:
    """The checks passed, then the file went (an editor saving, a sync): the render names the
    block's file and line instead of a traceback, and nothing is replaced."""
    from dataclasses import replace

    from handouts.errors import ContentErrors
    from handouts.render.document import render_document

    content = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    library = load_library(content)
    handout = library.handout("treatment-areas")
    (content / "images" / "treatment-areas.svg").unlink()
    with pytest.raises(ContentErrors) as raised:
        render_document(replace(handout))
    (problem,) = raised.value.errors
    assert problem.path.endswith("treatment-areas.yaml") and problem.line > 1
    assert "gone since the checks ran; build again" in problem.message
