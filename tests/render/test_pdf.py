"""The shipped catalog, read back as a reader (or a screen reader) would get it: its text with
PDFium, its fonts, metadata and outline with pypdf."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts import load_library
from tests.conftest import SHIPPED_CONTENT
from tests.pdftext import page_runs, page_texts

LIBRARY = load_library(SHIPPED_CONTENT)
SLUGS = sorted(LIBRARY.conditions)
PHONES = [loc.phone for loc in LIBRARY.brand.locations]


def _texts(catalog: Path, slug: str) -> list[str]:
    """Each page's text, its lines and spaces made single spaces."""
    return [re.sub(r"\s+", " ", text) for text in page_texts(catalog / f"{slug}.pdf")]


def _fonts(reader: PdfReader) -> list[dict]:
    """Every font dictionary used on any page, including inside form XObjects."""
    found = []

    def walk(resources) -> None:
        resources = resources.get_object()
        for font in resources.get("/Font", {}).values():
            found.append(font.get_object())
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in reader.pages:
        walk(page["/Resources"])
    return found


@pytest.fixture(params=SLUGS)
def handout(request, catalog: Path):
    slug = request.param
    return slug, PdfReader(catalog / f"{slug}.pdf")


def test_every_condition_is_built(catalog: Path) -> None:
    english = sorted(p.stem for p in catalog.glob("*.pdf") if not p.stem.endswith("-es"))
    assert english == SLUGS
    assert len(SLUGS) == 10


def test_every_section_heading_is_in_the_text(handout, catalog: Path) -> None:
    slug, _ = handout
    text = " ".join(_texts(catalog, slug))
    handout_content = LIBRARY.handout(slug)
    assert handout_content.condition.title in text
    for block in handout_content.blocks:
        assert block.heading in text


def test_every_page_has_both_phone_numbers_and_page_n_of_m(handout, catalog: Path) -> None:
    slug, reader = handout
    pages = len(reader.pages)
    for number, text in enumerate(_texts(catalog, slug), start=1):
        for phone in PHONES:
            assert phone in text
        assert f"Page {number} of {pages}" in text
        assert "Revised December 3, 2026" in text


def test_page_count_is_sane_and_the_last_page_is_not_blank(handout, catalog: Path) -> None:
    slug, reader = handout
    assert 1 <= len(reader.pages) <= (LIBRARY.conditions[slug].page_limit or 2)
    last = page_texts(catalog / f"{slug}.pdf")[-1]
    furniture = ("Call us", "Revised", "Page")
    body = [line for line in last.splitlines() if not line.startswith(furniture)]
    assert len(" ".join(body).split()) > 10, last


def test_only_atkinson_hyperlegible_embedded_and_subset(handout, catalog: Path) -> None:
    slug, reader = handout
    fonts = _fonts(reader)
    assert fonts
    names = {str(f["/BaseFont"]) for f in fonts}
    for font in fonts:
        name = str(font["/BaseFont"])
        assert re.fullmatch(
            r"/[A-Z]{6}\+AtkinsonHyperlegible-(Regular|Bold|Italic|BoldItalic)", name
        ), name
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        assert "/FontFile2" in descendant["/FontDescriptor"], f"{name} not embedded"
    assert any(n.endswith("-Bold") for n in names)
    data = (catalog / f"{slug}.pdf").read_bytes()
    if "/AcroForm" in reader.trailer["/Root"]:  # the diary, a write-in box
        # AcroForm fields can only use the standard 14 fonts (ReportLab); Helvetica is there for
        # typed input alone, in the form's resources, never on a page.
        acroform = reader.trailer["/Root"]["/AcroForm"]
        assert "/Helv" in str(acroform["/DR"]["/Font"]) or "Helvetica" in str(acroform["/DR"])
    else:
        assert b"Helvetica" not in data


def test_metadata_language_and_title_display(handout) -> None:
    slug, reader = handout
    condition = LIBRARY.conditions[slug]
    meta = reader.metadata
    assert meta.title == condition.title
    assert meta.author == LIBRARY.brand.name
    assert meta.subject and meta.subject.startswith(condition.message.split()[0])
    assert slug.split("-")[0] in meta["/Keywords"]
    assert meta.creator.startswith("handouts ")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert root["/PageMode"] == "/UseOutlines"
    assert meta["/CreationDate"].startswith("D:20261203")  # from the content, not the clock


def test_outline_lists_the_title_then_every_section(handout, catalog: Path) -> None:
    slug, reader = handout
    texts = _texts(catalog, slug)
    handout_content = LIBRARY.handout(slug)
    outline = reader.outline
    assert outline[0].title == handout_content.condition.title
    assert [item.title for item in outline[1]] == [b.heading for b in handout_content.blocks]
    # Each bookmark points at the page that really shows its heading.
    for item in outline[1]:
        page = reader.get_destination_page_number(item)
        assert item.title in texts[page]


def test_letter_by_default(handout) -> None:
    _, reader = handout
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_two_column_lists_flow_down_each_column_without_gaps() -> None:
    """An item that wraps in the right column must not push down the left one (items were
    once paired in rows, leaving a blank line under 'Too little exercise')."""
    from dataclasses import replace

    from handouts.content.models import Block
    from handouts.render.document import render_document
    from tests.conftest import FIXTURES

    items = [
        "Too little exercise", "Doing the same task", "Legs of different lengths",
        "Joint problems like arthritis, bursitis or gout", "Poor sleep",
        "Low levels of some vitamins",
    ]  # fmt: skip
    block = Block.model_validate(
        {"id": "causes", "heading": "Causes", "revised": "2026-01-01", "reviewed_by": None,
         "reviewed_on": None, "body": [{"bullets": items}]}
    )  # fmt: skip
    handout = load_library(FIXTURES / "mini").handout("neck-pain")
    data = render_document(replace(handout, blocks=(block,))).data
    heights = {
        item: run.y
        for run in page_runs(data)[0]
        for item in ("Too little exercise", "Doing the same task", "Legs of different")
        if run.text.startswith(item)
    }
    first, second, third = (
        heights[k] for k in ("Too little exercise", "Doing the same task", "Legs of different")
    )
    assert first - second == pytest.approx(second - third, abs=0.5)  # evenly spaced
    assert first - second < 20  # one line apart (13 pt type), not two


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_diarys_week_and_day_labels_never_break_inside_a_word(lang: str, paper: str) -> None:
    """Large print's first column once broke "Semana" over two lines ("Seman / a 1")."""
    from handouts import render_handout

    for large_print in (False, True):
        data = render_handout(
            LIBRARY, "pain-diary", lang=lang, paper=paper, large_print=large_print
        ).data
        runs = [run.text.strip() for page in page_runs(data) for run in page]
        week = {"en": "Week", "es": "Semana"}[lang]
        cut = [r for r in runs if r and week.startswith(r.split()[0]) and r.split()[0] != week]
        assert cut == [], (paper, large_print, cut[:3])  # "Seman" then "a 1"
        assert sum(r.startswith(week) for r in runs) == 4, (paper, large_print)  # four weeks
