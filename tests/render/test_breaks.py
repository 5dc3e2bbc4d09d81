"""Good page breaks, checked on real PDFs: a heading never ends a page, an item never splits.

The sweep adds one line of filler at a time, so the heading and the long items below it pass
through every position on the page, including the foot, where a careless layout breaks.
"""

from __future__ import annotations

import io

from pypdf import PdfReader

from handouts import load_library
from handouts.content.models import Block
from handouts.render.document import render_document
from tests.conftest import FIXTURES

LIBRARY = load_library(FIXTURES / "mini")
FURNITURE = ("Call us:", "Revised", "Page ")
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
    """Each page's text lines, top to bottom, without the footer."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = [line.strip() for line in page.extract_text().splitlines()]
        pages.append([line for line in lines if line and not line.startswith(FURNITURE)])
    return pages


def test_headings_stay_with_text_and_items_never_split() -> None:
    page_counts = set()
    for filler_lines in range(0, 44):
        rendered = render_document(_handout(filler_lines))
        pages = _body_lines(rendered.data)
        page_counts.add(len(pages))
        for number, lines in enumerate(pages):
            # A heading is never the last thing on a page.
            assert lines[-1] not in ("Target heading", "Filler"), (filler_lines, number)
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
