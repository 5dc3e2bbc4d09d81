"""Tagged PDF (PDF/UA-1): what a screen reader gets, and an independent checker's verdict.

The structure tree is walked with pikepdf (tests/structure.py) and its text, in reading order,
compared with the content, block by block. Every PDF is also gated by `page-validation`, a
PDF/UA-1 checker written by others; a test first proves it fails PDFs we broke on purpose.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import page
import pikepdf
import pytest

from handouts import Handout, load_library
from handouts.content import markup
from handouts.parts.figure import Figure
from handouts.parts.paragraph import Paragraph
from handouts.render.document import render_document
from tests.conftest import FIXTURES, SHIPPED_CONTENT
from tests.structure import leaves, read

SHIPPED = load_library(SHIPPED_CONTENT)


def ua_failures(source: Path | bytes) -> list[str]:
    """The PDF/UA-1 rules a PDF breaks, by page-validation (empty: compliant)."""
    if isinstance(source, bytes):
        report = page.validate_pdf_bytes(source, profile="ua1")
    else:
        report = page.validate_pdf(source, profile="ua1")
    return sorted({f"{f.rule_id}: {f.message}" for f in report.failures})


def _plain(text: str) -> str:
    return " ".join(markup.plain(text).split())


def expected_reading_order(handout: Handout) -> list[tuple[str, str]]:
    """What a screen reader should read, from the content alone: (role, text) in order. Each
    part kind says what it reads as (its `tags`), so a new kind is covered by its own words."""
    brand = handout.brand
    order = [("P", brand.name)]
    if handout.tagline:
        order.append(("P", handout.tagline))
    order += [("H1", handout.condition.title), ("P", _plain(handout.condition.message))]
    for block in handout.blocks:
        order.append(("H2", block.heading))
        for part in block.body:
            order += part.tags(handout)
    return order


def _read_without_labels(data: bytes) -> list[tuple[str, str]]:
    """Leaves, less list labels and figures (a reader gets a figure's Alt, not its text)."""
    return [(r, text) for r, text in leaves(read(data).root) if r not in ("Lbl", "Figure")]


# ---- the checker itself ---------------------------------------------------------------------


def _broken(data: bytes, breakage: str) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    if breakage == "no MarkInfo":
        del pdf.Root.MarkInfo
    elif breakage == "no Lang":
        del pdf.Root.Lang
    elif breakage == "no title":
        del pdf.docinfo.Title
        del pdf.Root.Metadata
    elif breakage == "untagged text":
        first = pdf.pages[0]
        first.contents_add(b"BT /F1+0 12 Tf 72 72 Td (loose) Tj ET", prepend=False)
    elif breakage == "figure without Alt":
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure":
                del obj.Alt
    elif breakage == "skipped heading level":
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/H2":
                obj.S = pikepdf.Name.H4
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "breakage, rule",
    [
        ("no MarkInfo", "TAGGED-DOCUMENT"),
        ("no Lang", "LANGUAGE"),
        ("no title", "TITLE"),
        ("untagged text", "CONTENT-TAGGING"),
        ("figure without Alt", "ALTERNATIVE-TEXT"),
        ("skipped heading level", "HEADING"),
    ],
)
def test_the_checker_fails_pdfs_we_broke_on_purpose(breakage: str, rule: str) -> None:
    data = render_document(load_library(FIXTURES / "all-parts").handout("all-parts")).data
    assert ua_failures(data) == []
    failures = ua_failures(_broken(data, breakage))
    assert any(rule in failure for failure in failures), failures


# ---- every PDF we make passes ---------------------------------------------------------------


def test_every_shipped_pdf_passes_pdf_ua(catalog: Path) -> None:
    pdfs = sorted(catalog.glob("*.pdf"))
    assert len(pdfs) == 20
    assert {pdf.name: ua_failures(pdf) for pdf in pdfs} == {pdf.name: [] for pdf in pdfs}


def test_large_print_personal_a4_packet_and_encrypted_copies_pass(cli, shipped: Path) -> None:
    common = ["--content", str(shipped), "--out", "personal"]
    assert cli("build", "migraine", "--lang", "es", "--large-print", "--paper", "a4",
               "--patient", "Ana López", "--note", "Vuelva en dos semanas", *common
               ).exit_code == 0  # fmt: skip
    assert cli("packet", "migraine", "aftercare", "pain-diary", "--content", str(shipped),
               "-o", "packet.pdf").exit_code == 0  # fmt: skip
    (personal,) = (cli.cwd / "private").glob("*.pdf")
    assert ua_failures(personal) == []
    assert ua_failures(cli.cwd / "packet.pdf") == []
    packet = read((cli.cwd / "packet.pdf").read_bytes())
    (document,) = packet.root.kids
    assert [part.role for part in document.kids] == ["Part"] * 3
    assert [part.kids[2].text for part in document.kids] == [
        SHIPPED.handout(slug).condition.title for slug in ("migraine", "aftercare", "pain-diary")
    ]


def test_encryption_keeps_the_tags(monkeypatch, cli, shipped: Path) -> None:
    monkeypatch.setenv("HANDOUT_PASSWORD", "correct horse")
    result = cli("build", "migraine", "--lang", "en", "--encrypt",
                 "--password-env", "HANDOUT_PASSWORD",
                 "--content", str(shipped), "--out", "secret")  # fmt: skip
    assert result.exit_code == 0
    (encrypted,) = (cli.cwd / "private").glob("*.pdf")
    # The checker cannot open an encrypted file; check what the patient's reader opens.
    with pikepdf.open(encrypted, password="correct horse") as pdf:
        buffer = io.BytesIO()
        pdf.save(buffer, encryption=False)
    assert ua_failures(buffer.getvalue()) == []


# ---- what a screen reader reads -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("slug", sorted(SHIPPED.conditions))
def test_tagged_text_in_reading_order_is_the_content(catalog: Path, slug: str, lang: str) -> None:
    handout = SHIPPED.handout(slug, lang=lang)
    name = f"{slug}.pdf" if lang == "en" else f"{slug}-{lang}.pdf"
    tagged = read((catalog / name).read_bytes())
    assert _read_without_labels((catalog / name).read_bytes()) == expected_reading_order(handout)
    assert tagged.marked and tagged.lang == handout.language.pdf_lang
    assert [p.untagged for p in tagged.pages] == [""] * len(tagged.pages)
    for number, page_text in enumerate(tagged.pages, start=1):
        # The footer is there on every page, as an artifact a screen reader skips.
        assert all(loc.phone in page_text.artifact for loc in handout.locations), number


def test_every_part_type_has_its_structure() -> None:
    library = load_library(FIXTURES / "all-parts")
    handout = library.handout("all-parts")
    data = render_document(handout).data
    assert _read_without_labels(data) == expected_reading_order(handout)
    tree = read(data).root
    roles = [element.role for element in tree.walk()]
    assert roles[:2] == ["StructTreeRoot", "Document"]
    assert roles.count("H1") == 1 and "Sect" in roles
    elements = list(tree.walk())
    for element in elements:
        if element.role == "LI":
            assert [kid.role for kid in element.kids] == ["Lbl", "LBody"]
            assert element.kids[0].text in {"•"} or re.fullmatch(r"\d+\.", element.kids[0].text)
        if element.role == "L":
            assert element.attributes["ListNumbering"] in {"Disc", "Decimal"}
        if element.role == "TH":
            assert element.attributes["Scope"] in {"Column", "Row"}
        if element.role == "Table":
            assert {kid.role for kid in element.kids} == {"TR"}
        if element.role == "Figure":
            assert element.alt
    figures = [e.alt for e in elements if e.role == "Figure"]
    website = handout.brand.website
    assert figures == [handout.brand.name, *_figure_alts(handout), f"QR: {website}"]
    assert any(e.role == "Link" for e in elements)  # phone numbers and the website


def test_every_form_field_is_a_form_element(catalog: Path) -> None:
    tree = read((catalog / "pain-diary.pdf").read_bytes()).root
    forms = [e for e in tree.walk() if e.role == "Form"]
    with pikepdf.open(catalog / "pain-diary.pdf") as pdf:
        widgets = [a for p in pdf.pages for a in p.obj.get("/Annots", []) if a.Subtype == "/Widget"]
    assert len(forms) == len(widgets) > 50


def _figure_alts(handout: Handout) -> list[str]:
    return [p.body.alt for b in handout.blocks for p in b.body if isinstance(p, Figure)]


def test_links_and_fields_are_in_the_structure_with_descriptions(catalog: Path) -> None:
    for name in ("migraine.pdf", "pain-diary.pdf"):
        with pikepdf.open(catalog / name) as pdf:
            parents = pdf.Root.StructTreeRoot.ParentTree.Nums
            keys = {int(parents[i]) for i in range(0, len(parents), 2)}
            for number, pdf_page in enumerate(pdf.pages):
                assert pdf_page.obj.Tabs == "/S" and int(pdf_page.obj.StructParents) in keys
                for annotation in pdf_page.obj.get("/Annots", []):
                    assert int(annotation.StructParent) in keys, number
                    if annotation.Subtype == "/Link":
                        assert str(annotation.Contents).strip()
                    else:
                        assert str(annotation.TU).strip()  # a field's accessible name


def test_a_paragraph_split_over_two_pages_is_one_element() -> None:
    library = load_library(FIXTURES / "mini")
    handout = library.handout(sorted(library.conditions)[0])
    words = " ".join(f"word{n}" for n in range(900))
    block = handout.blocks[0]
    long_block = block.model_copy(update={"body": (Paragraph(paragraph=words),)})
    handout = Handout(**{**handout.__dict__, "blocks": (long_block,)})
    tree = read(render_document(handout).data).root
    (split,) = [e for e in tree.walk() if e.role == "P" and len(e.pages) >= 2]
    assert split.text == words


def test_fonts_map_every_code_to_real_text(catalog: Path) -> None:
    """ReportLab maps unused codes to U+0000, which PDF/UA forbids; we drop them."""
    with pikepdf.open(catalog / "migraine-es.pdf") as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj:
                assert b"<0000>" not in obj.ToUnicode.read_bytes()


def test_xmp_metadata_has_the_title_language_and_pdf_ua_identifier(catalog: Path) -> None:
    with pikepdf.open(catalog / "migraine-es.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == SHIPPED.handout("migraine", lang="es").condition.title
        assert meta["pdfuaid:part"] == "1"
        assert pdf.Root.Metadata.Type == "/Metadata" and pdf.Root.Metadata.Subtype == "/XML"
