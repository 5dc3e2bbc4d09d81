"""How full each page is, and the build's warnings about it: a page before the last left mostly
blank, a handout over its page limit, each naming the file, the block and how much."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from dataclasses import fields, replace
from pathlib import Path

import pytest

from handouts import Personal, load_library
from handouts.content.library import Library
from handouts.render.copyfit import render_fitted
from handouts.render.document import render_document
from handouts.render.pagefill import PageFit, fit_lines, layout_warnings, overflow
from handouts.render.result import RenderedHandout
from handouts.render.theme import TIGHTENINGS, Theme
from tests.conftest import FIXTURES, SHIPPED_CONTENT

WEBSITE = "website: https://www.example-clinic.org/book\n"
PATIENT = Personal(
    "Zelda Quixote-Ramírez", "Dr. Patel", dt.date(2026, 12, 1),
    "Ice the left shoulder 15 minutes at a time\nWalk every day",
)  # fmt: skip


def test_an_under_filled_page_names_the_block_that_moved_on() -> None:
    rendered = RenderedHandout(b"", 3, (0.3, 0.95, 0.5), ("", "when-to-call", "faq"), 600, 17)
    (warning,) = layout_warnings("aftercare.pdf", rendered, 3)
    assert warning.startswith("aftercare.pdf: page 1 of 3 is only 30 % full")
    assert "block 'when-to-call'" in warning and "starts page 2" in warning


def test_running_over_the_limit_says_which_block_and_by_how_much() -> None:
    rendered = RenderedHandout(b"", 3, (1.0, 0.9, 0.2), ("", "what-happens", "contact-us"), 600, 17)
    message = overflow(rendered, 2)
    assert message == (
        "3 pages, over its limit of 2 by about 7 lines of text (20 % of a page): from block "
        "'contact-us', which runs onto page 3"
    )
    assert overflow(rendered, 3) is None
    assert layout_warnings("migraine.pdf", rendered, None) == []  # large print: no limit


def test_a_real_layout_reports_each_page_and_the_block_that_starts_it() -> None:
    library = load_library(FIXTURES / "mini")
    rendered = render_document(library.handout("neck-pain"))
    assert len(rendered.fills) == len(rendered.first_blocks) == rendered.pages
    assert all(0 < fill <= 1 for fill in rendered.fills)
    assert rendered.first_blocks[0] == ""  # page 1 opens with the title
    assert rendered.frame_height > 500 and rendered.line_height > 16


def test_build_warns_but_writes_a_handout_over_its_limit(tmp_path: Path, cli) -> None:
    content = cli.cwd / "content"
    shutil.copytree(FIXTURES / "bilingual", content)
    settings = content / "settings.yaml"
    settings.write_text(settings.read_text().replace("page_limit: 2", "page_limit: 1"))
    neck = content / "conditions" / "neck.yaml"
    long_text = " ".join(["Ice can help the sore spot."] * 160)
    neck.write_text(neck.read_text().replace("Tight knots in the neck can hurt.", long_text))
    result = cli("build", "neck", "--lang", "en", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("warning: n")]
    assert warning.startswith("warning: neck.pdf: 3 pages, over its limit of 1 by about ")
    assert "from block 'neck-knots', which runs onto page 2" in warning
    assert (cli.cwd / "out" / "neck.pdf").is_file()
    # Built again with nothing changed, the file is skipped and its warning still said: CI's
    # log of an incremental build does not lose it.
    again = cli("build", "neck", "--lang", "en", "--jobs", "1")
    assert again.exit_code == 0 and "unchanged" in again.stdout, again.stdout
    assert [line for line in again.stderr.splitlines() if line.startswith("warning: n")] == [
        warning
    ]
    record = json.loads(cli("build", "neck", "--lang", "en", "--json").stdout.splitlines()[0])
    assert record["status"] == "unchanged" and record["warnings"] == [warning[9:]]
    # A manifest edited by someone else: no terminal escape code, no page of text, no flood.
    manifest = cli.cwd / "out" / "manifest.json"
    document = json.loads(manifest.read_text())
    document["files"]["neck.pdf"]["warnings"] = "\x1b[2Jcleared" + "x" * 100_000 + "\nw" * 500
    manifest.write_text(json.dumps(document))
    hostile = cli("build", "neck", "--lang", "en", "--jobs", "1")
    assert hostile.exit_code == 0 and "unchanged" in hostile.stdout
    said = [line for line in hostile.stderr.splitlines() if line.startswith("warning:")]
    assert len(said) == 10 and "\x1b" not in hostile.stderr
    assert max(map(len, said)) < 500


def _with_write_in(filler_items: int):
    """The mini handout with a list long enough to fill most of a page, then a write-in box
    ("Questions for my doctor"), then the contacts."""
    from handouts.content.models import Block

    library = load_library(FIXTURES / "mini")
    base = library.handout("neck-pain")
    fields = {"revised": "2026-01-01", "reviewed_by": None, "reviewed_on": None}
    filler = Block.model_validate(
        {"id": "filler", "heading": "Filler", **fields,
         "body": [{"steps": [f"Step {n} is one line of text" for n in range(filler_items)]}]}
    )  # fmt: skip
    questions = Block.model_validate(
        {"id": "questions", "heading": "Questions for my doctor", **fields,
         "body": [{"write_in": {"label": "Write them here:", "tooltip": "Questions", "lines": 3}}]}
    )  # fmt: skip
    return base.__class__(**{**base.__dict__, "blocks": (filler, questions, base.blocks[-1])})


def _field_heights(data: bytes) -> list[float]:
    from pypdf import PdfReader

    heights = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation["/Subtype"] == "/Widget":  # the form field, not the phone links
                rect = [float(v) for v in annotation["/Rect"]]
                heights.append(rect[3] - rect[1])
    return heights


def test_the_last_write_in_box_fills_its_page_and_makes_room_for_a_personal_note() -> None:
    import datetime as dt

    from handouts.content.personal import Personal

    person = Personal(
        "Ana López", "Dr. Patel", dt.date(2026, 12, 1), "Ice the shoulder\nWalk every day\nRest"
    )
    theme = Theme()
    line = theme.leading(theme.body_size) + theme.write_in_line_extra
    for filler_items in (22, 26, 30):  # the box grows, and has room to give to the note
        handout = _with_write_in(filler_items)
        generic = render_document(handout)
        personal = render_document(replace(handout, personal=person))
        (grown,) = _field_heights(generic.data)
        (shrunk,) = _field_heights(personal.data)
        assert grown > 3 * line + 1, "the box grows into the page's spare room"
        assert generic.fills[-1] > 0.9, generic.fills
        assert personal.pages == generic.pages, (generic.fills, personal.fills)
        assert 3 * line - 1 < shrunk < grown, "the note takes lines from the box, not a page"


def test_a_personal_copy_keeps_the_page_count_of_the_generic_one() -> None:
    import datetime as dt

    from handouts.content.personal import Personal

    library = load_library(FIXTURES / "mini")
    person = Personal("Zelda Quixote-Ramirez", "Dr. Patel", dt.date(2026, 12, 1), "Rest")
    generic = render_document(library.handout("neck-pain"))
    personal = render_document(replace(library.handout("neck-pain"), personal=person))
    assert personal.pages == generic.pages


def test_a_heading_stands_as_far_below_a_list_or_box_as_below_a_paragraph() -> None:
    """A section's closing space (the Spacer after a list, box, table or figure) is not added
    on top of the next heading's space above: ReportLab merges a paragraph's space after with
    it, but a Spacer is content, so a heading after a list stood 22 pt down, not 14."""
    from reportlab.platypus import Spacer

    from handouts.render.flowables import Heading
    from handouts.render.story import lay_out
    from handouts.render.styles import make_styles
    from handouts.render.tagging import StructElement

    library = load_library(SHIPPED_CONTENT)
    handout = library.handout("migraine")
    story = lay_out(handout, make_styles(Theme(), handout.brand.colours, handout.font),
                    StructElement("Document"))  # fmt: skip
    headings = [i for i, f in enumerate(story) if isinstance(f, Heading) and f.outline_level]
    assert len(headings) > 3
    assert not [i for i in headings if isinstance(story[i - 1], Spacer)]


def test_a_two_line_note_keeps_the_closing_contacts_on_page_two() -> None:
    """The migraine handout's personal copy with a two-line note: its last page had room for
    the contacts block once the closing spaces stopped counting twice."""
    import datetime as dt

    from handouts.content.personal import Personal

    library = load_library(SHIPPED_CONTENT)
    note = "Ice the left shoulder 15 minutes at a time\nWalk every day"
    person = Personal("Zelda Quixote-Ramírez", "Dr. Patel", dt.date(2026, 12, 1), note)
    for slug in ("migraine", "tension-headache", "aftercare"):
        generic = render_document(library.handout(slug, None, "en"))
        personal = render_document(replace(library.handout(slug, None, "en"), personal=person))
        assert personal.pages == generic.pages == 2, (slug, personal.fills)
        assert layout_warnings(slug, personal, 2) == []


def test_every_shipped_personal_copy_keeps_the_page_count_of_the_generic_one() -> None:
    """A personal copy adds a card to page 1 (patient, provider, visit date, a two-line note).
    In every shipped handout and language it must fit on as many pages as the generic copy:
    the Spanish condition handouts and both treatment-areas sheets ran onto a third page."""
    import datetime as dt

    from handouts import Personal

    library = load_library(SHIPPED_CONTENT)
    note = "Ice the left shoulder 15 minutes at a time\nWalk every day"
    person = Personal("Zelda Quixote-Ramírez", "Dr. Patel", dt.date(2026, 12, 1), note)
    more = []
    for lang in library.languages:
        for slug in sorted(library.conditions_by_lang[lang]):
            handout = library.handout(slug, None, lang)
            generic = render_document(handout).pages
            personal = render_fitted(replace(handout, personal=person), None, generic).pages
            if personal != generic:
                more.append(f"{slug} ({lang}): {generic} → {personal} pages")
    assert more == [], more


def test_a_condition_picture_in_the_rail_takes_no_line_and_is_a_figure_with_alt() -> None:
    """Each condition's own picture sits in page 1's margin rail: the same handout without it
    fills its pages exactly as much, and the picture is a Figure a screen reader names."""
    library = load_library(SHIPPED_CONTENT)
    handout = library.handout("migraine")
    block = next(b for b in handout.blocks if b.id == "migraine-link")
    assert block.body[0].kind == "figure" and block.body[0].body.place == "rail"
    bare = block.model_copy(update={"body": block.body[1:]})
    without = replace(handout, blocks=tuple(bare if b is block else b for b in handout.blocks))
    with_picture, plain = render_document(handout), render_document(without)
    assert with_picture.fills == plain.fills and with_picture.pages == plain.pages
    assert any(
        alt.startswith("Drawing of a person from the front, with one side of the head")
        for alt in _figure_alts(with_picture.data)
    )


def _figure_alts(data: bytes) -> list[str]:
    """The Alt text of every Figure in the PDF's structure tree."""
    from pypdf import PdfReader

    found: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_the_page_fit_table_shows_pages_against_the_limit_and_each_pages_fill() -> None:
    fits = [
        PageFit.of("migraine", "en", RenderedHandout(b"", 2, (0.93, 0.886), ("", "x"), 600, 17), 2),
        PageFit.of(
            "pain-diary", "es",
            RenderedHandout(b"", 3, (1.0, 0.9, 0.2), ("", "a", "contact-us"), 600, 17), 2,
        ),
        PageFit.of("aftercare", "en", RenderedHandout(b"", 1, (0.5,), ("",), 600, 17), None),
    ]  # fmt: skip
    assert fit_lines(fits) == [
        "handout     lang  pages  fill of each page (Letter)",
        "migraine    en    2/2    93% 89%",
        "pain-diary  es    3/2    100% 90% 20%  <- over by about 7 lines, from block 'contact-us'",
        "aftercare   en    1      50%",
        "",
    ]
    assert fits[1].as_json()["over"] == {"block": "contact-us", "page": 3, "lines": 7, "share": 0.2}
    assert fit_lines([]) == []


@pytest.fixture(scope="module")
def with_website(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The shipped content with the clinic's website in brand.yaml (a QR code in the contacts)."""
    content = tmp_path_factory.mktemp("website") / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    brand = content / "brand.yaml"
    brand.write_text(brand.read_text() + WEBSITE)
    return load_library(content)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("large_print", [False, True], ids=["letter", "large-print"])
def test_with_a_website_every_personal_copy_keeps_the_generic_copys_pages(
    with_website: Library, large_print: bool, lang: str
) -> None:
    """The QR code sits in the rail beside the clinic cards: adding the clinic's website to
    brand.yaml once pushed 14 of 22 generic handouts over their page limit.

    Issue 14: with the QR code in the contacts, the "Prepared for" card pushed 13 of 20
    Letter copies onto a third page holding only the contacts, and 11 of 20 large-print ones
    onto one more page (a condition's picture, or the safety boxes with their heading, kept
    whole and moved on). Copy-fitting (render/copyfit.py) brings every one back. The hardest,
    the Spanish aftercare sheet in large print (3 pages, 4 personal, with or without the
    website), needs the last step, whose smaller title takes one line fewer on page 1."""
    theme = Theme.for_paper("letter", large_print=large_print)
    more, over = [], []
    for slug in sorted(with_website.conditions_by_lang[lang]):
        handout = with_website.handout(slug, None, lang)
        generic = render_document(handout, theme).pages
        limit = with_website.conditions[slug].page_limit or with_website.settings.page_limit
        if not large_print and generic > limit:  # the QR code fits the generic copy too
            over.append(f"{slug} ({lang}): {generic} pages")
        personal = render_fitted(replace(handout, personal=PATIENT), theme, generic).pages
        if personal != generic:
            more.append(f"{slug} ({lang}): {generic} → {personal} pages")
    assert over == [] and more == []


def test_copy_fitting_leaves_generic_copies_and_copies_that_fit_as_they_were(
    with_website: Library,
) -> None:
    """Only a personal copy that runs longer is tightened: a generic copy, and a personal one
    already on the generic copy's pages, are the bytes `render_document` gives."""
    theme = Theme()
    for slug in ("migraine", "aftercare"):
        generic = with_website.handout(slug, None, "en")
        assert render_fitted(generic, theme).data == render_document(generic, theme).data
    personal = replace(with_website.handout("aftercare", None, "en"), personal=PATIENT)
    assert render_fitted(personal, theme).data == render_document(personal, theme).data


def test_a_copy_no_step_fits_keeps_its_untightened_layout(with_website: Library) -> None:
    """A step that saves no page is no reason to crowd one: the copy is laid out as before
    (here a two-page copy asked to fit one page, which no step can do)."""
    theme = Theme()
    personal = replace(with_website.handout("aftercare", None, "en"), personal=PATIENT)
    fitted = render_fitted(personal, theme, generic_pages=1)
    assert fitted.pages == 2
    assert fitted.data == render_document(personal, theme).data


def test_copy_fitting_takes_the_least_tightening_that_fits(
    with_website: Library,
) -> None:
    """The least tightening that fits: migraine needs the first step, questions-and-answers
    the second (English, Letter)."""
    theme = Theme()
    for slug, step in (("migraine", 0), ("questions-and-answers", 1)):
        personal = replace(with_website.handout(slug, None, "en"), personal=PATIENT)
        fitted = render_fitted(personal, theme)
        assert fitted.pages == 2
        assert fitted.data == render_document(personal, theme.tighter(step)).data


@pytest.mark.parametrize("theme", [Theme(), Theme.for_paper("a4"), Theme().large_print()])
def test_each_step_of_copy_fitting_shrinks_only_space(theme: Theme) -> None:
    """Type sizes, the leading ratio, margins and the column (its characters a line) stay; the
    space above a heading shrinks no more than a paragraph's, so sections stay apart."""
    kept = {"gap", "section_space", "box_edge_padding", "rail_picture_in_column", "title_size"}
    previous = theme
    for step in range(len(TIGHTENINGS)):
        tighter = theme.tighter(step)
        for field in fields(Theme):
            if field.name not in kept:
                assert getattr(tighter, field.name) == getattr(theme, field.name), field.name
        assert tighter.gap < previous.gap and tighter.section_space < previous.section_space
        assert tighter.section_space / tighter.gap >= theme.section_space / theme.gap
        assert tighter.box_edge_padding <= previous.box_edge_padding
        assert tighter.title_size <= previous.title_size
        assert tighter.title_size >= theme.heading_size + 2  # still well above the headings
        previous = tighter


def test_a_generic_copys_page_count_is_laid_out_once_per_loaded_content() -> None:
    """The web app makes personal copies of the same handouts all day: the generic copy's page
    count is kept, and a reloaded folder (new objects) is laid out afresh."""
    from handouts.render.copyfit import _generic_pages

    laid_out: list[str] = []

    def render(handout, theme):
        laid_out.append(handout.condition.slug)
        return render_document(handout, theme)

    theme = Theme()
    for library in (load_library(FIXTURES / "mini"), load_library(FIXTURES / "mini")):
        for _ in range(3):
            handout = replace(library.handout("neck-pain"), personal=PATIENT)
            assert _generic_pages(handout, theme, render) == 1
    assert laid_out == ["neck-pain", "neck-pain"]
