"""Good page breaks, checked on real PDFs: a heading never ends a page, nor a list's first item
alone (a heading keeps at least two items), and an item never splits.

The sweep adds one line of filler at a time, so the heading and the long items below it pass
through every position on the page, including the foot, where a careless layout breaks.
"""

from __future__ import annotations

from handouts import load_library
from handouts.content.models import Block
from handouts.render.document import render_document
from tests.conftest import FIXTURES
from tests.pdftext import page_texts

LIBRARY = load_library(FIXTURES / "mini")
FURNITURE = ("Call us:", "Revised", "Page ", "Draft:")
RUNNING_TITLE = LIBRARY.handout("neck-pain").condition.title
LONG_ITEM = (
    "item{n} starts here and goes on for long enough that it needs three lines on the page, "
    "because a step or bullet that wraps is exactly what must never be split between two "
    "pages, so it keeps going until item{n} ends"
)


def _handout(filler_lines: int):
    filler = Block.model_validate(
        {
            "id": "filler",
            "heading": "Filler",
            "revised": "2026-01-01",
            "reviewed_by": None,
            "reviewed_on": None,
            "body": [
                {
                    "bullets": [
                        f"filler line {i}" for i in range(start, min(start + 40, filler_lines))
                    ]
                }
                for start in range(0, filler_lines, 40)
            ]
            or [{"bullets": ["start"]}],
        }
    )
    target = Block.model_validate(
        {
            "id": "target",
            "heading": "Target heading",
            "revised": "2026-01-01",
            "reviewed_by": None,
            "reviewed_on": None,
            "body": [
                {"paragraph": "First paragraph under the target heading."},
                {"steps": [LONG_ITEM.format(n=n) for n in range(1, 5)]},
                {"bullets": [LONG_ITEM.format(n=n) for n in range(5, 9)]},
            ],
        }
    )
    base = LIBRARY.handout("neck-pain")
    return base.__class__(
        **{**base.__dict__, "blocks": (filler, target, filler.model_copy(update={"id": "tail"}))}
    )


def _body_lines(data: bytes) -> list[list[str]]:
    """Each page's text lines, top to bottom, without the footer and the running title."""
    pages = []
    for number, text in enumerate(page_texts(data)):
        lines = [line.strip() for line in text.splitlines()]
        lines = [line for line in lines if line and not line.startswith(FURNITURE)]
        if number and lines and lines[0] == RUNNING_TITLE:
            lines = lines[1:]
        pages.append(lines)
    return pages


def test_headings_stay_with_text_and_items_never_split() -> None:
    page_counts = set()
    for filler_lines in range(0, 44):
        rendered = render_document(_handout(filler_lines))
        pages = _body_lines(rendered.data)
        page_counts.add(len(pages))
        for number, lines in enumerate(pages):
            # A heading is never the last thing on a page, nor a list's first item alone.
            assert lines[-1] not in ("Target heading", "Filler"), (filler_lines, number)
            alone = ("filler line 0", "item1 ends", "item5 ends")
            if number + 1 < len(pages):
                assert not lines[-1].endswith(alone), (filler_lines, number, lines[-1])
            text = " ".join(lines)
            for n in range(1, 9):
                starts, ends = f"item{n} starts" in text, f"item{n} ends" in text
                assert starts == ends, f"item {n} split on page {number + 1} ({filler_lines=})"
    assert len(page_counts) > 1, "the sweep should have crossed a page boundary"


def test_an_item_taller_than_half_a_page_splits_rather_than_failing() -> None:
    giant = " ".join(f"word{i}" for i in range(700)) + " giant item ends"
    block = Block.model_validate(
        {
            "id": "giant", "heading": "Giant", "revised": "2026-01-01",
            "reviewed_by": None, "reviewed_on": None,
            "body": [{"bullets": ["first", giant, "last"]}],
        }
    )  # fmt: skip
    base = LIBRARY.handout("neck-pain")
    rendered = render_document(base.__class__(**{**base.__dict__, "blocks": (block,)}))
    text = " ".join(" ".join(page) for page in _body_lines(rendered.data))
    assert rendered.pages >= 2
    assert "word0" in text and "giant item ends" in text and "last" in text


def test_a_box_or_two_column_list_taller_than_half_a_page_splits_cleanly() -> None:
    """ReportLab rebuilds a split table through its class; a WholeTable without a default
    max_height crashed with a TypeError there."""
    from dataclasses import replace

    from handouts.parts.bullets import Bullets
    from handouts.parts.callout import Callout

    library = load_library(FIXTURES / "mini")
    handout = library.handout("neck-pain")
    items = [f"Item {n} says a little more" for n in range(40)]
    tall = [
        Bullets.model_validate({"bullets": items}),
        Callout.model_validate({"callout": {"title": "A long box", "items": items}}),
    ]
    block = handout.blocks[0].model_copy(update={"body": tall})
    assert render_document(replace(handout, blocks=(block,))).pages >= 2


def _safety_handout(filler_lines: int, lead_paragraphs: int = 1):
    """Filler, then a "when to call" block: heading, lead-in, an info and a warning callout."""
    base = _handout(filler_lines)
    safety = Block.model_validate(
        {
            "id": "when-to-call", "heading": "When to call test", "revised": "2026-01-01",
            "reviewed_by": None, "reviewed_on": None,
            "body": [
                *[{"paragraph": f"Lead {n} says what to watch for after the shot, in two "
                   "lines of ordinary text so that it wraps on the page."}
                  for n in range(lead_paragraphs)],
                {"callout": {"title": "Call us if", "items": ["The area gets red", "A fever"]}},
                {"callout": {"title": "Call 911 right away if", "tone": "warning",
                             "items": ["You have trouble breathing", "Your lips swell"]}},
            ],
        }
    )  # fmt: skip
    filler = base.blocks[0]
    return base.__class__(**{**base.__dict__, "blocks": (filler, safety, base.blocks[2])})


def test_safety_boxes_stay_together_with_their_heading_and_never_open_a_page() -> None:
    moved = set()
    for filler_lines in range(8, 44):
        pages = _body_lines(render_document(_safety_handout(filler_lines)).data)
        where = {
            text: [n for n, lines in enumerate(pages) if any(text in line for line in lines)]
            for text in ("When to call test", "Lead 0", "Call us if", "Call 911 right away if")
        }
        assert all(len(found) == 1 for found in where.values()), (filler_lines, where)
        assert len({found[0] for found in where.values()}) == 1, (filler_lines, where)
        moved.add(where["Call us if"][0])
        for lines in pages[1:]:  # never a box's title first on a page
            assert not lines[0].startswith(("Call us if", "Call 911")), (filler_lines, lines[:3])
    assert len(moved) > 1, "the sweep should have pushed the block to the next page"


def test_a_long_lead_keeps_only_its_last_part_with_the_safety_boxes() -> None:
    """A block whose lead is most of a page does not move whole: the boxes keep the part just
    before them, and the page before is not left half empty."""
    for filler_lines in range(0, 40, 3):
        handout = _safety_handout(filler_lines, lead_paragraphs=14)
        rendered = render_document(handout)
        pages = _body_lines(rendered.data)
        box = next(n for n, lines in enumerate(pages) if any("Call us if" in x for x in lines))
        assert any("Lead 13" in line for line in pages[box]), filler_lines
        assert any("Call 911 right away if" in line for line in pages[box]), filler_lines
        assert min(rendered.fills[:-1]) > 0.4, (filler_lines, rendered.fills)
