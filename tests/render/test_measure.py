"""The measure, read back from real PDFs: body paragraphs hold 45 to 75 characters a line (the
style guide's 50-75; long lines lose the reader's place, short ones chop the sentence), in
English and Spanish, on Letter and A4, at normal and large print.

A line of a paragraph is found by where it is drawn: body-size text starting at the column's
left edge; lines whose baselines are one leading apart are one paragraph, and its last line
(short by nature) is left out.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean

import pytest

from handouts import load_library, render_handout
from handouts.render.theme import Theme
from tests.conftest import SHIPPED_CONTENT
from tests.pdftext import page_runs

LIBRARY = load_library(SHIPPED_CONTENT)
EDITIONS = [
    ("en", "letter", False), ("es", "letter", False), ("en", "a4", False),
    ("es", "a4", False), ("en", "letter", True), ("es", "letter", True),
]  # fmt: skip


def paragraph_lines(data: bytes, theme: Theme) -> list[str]:
    """The full lines (not the last) of every body paragraph at the column's left edge."""
    left = theme.margin + theme.rail_width
    leading = theme.leading(theme.body_size)
    lines: list[str] = []
    for runs in page_runs(data):
        rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
        for run in runs:
            if run.text.strip() and abs(run.size - theme.body_size) < 0.01:
                rows[round(run.y, 1)].append((run.x, run.text))
        paragraph: list[str] = []
        previous = None
        for y in sorted(rows, reverse=True):
            chunks = sorted(rows[y])
            if abs(chunks[0][0] - left) > 0.5:  # a list item, a box, a table cell, a caption
                continue
            text = " ".join("".join(t for _, t in chunks).split())
            if previous is not None and abs(previous - y - leading) > 0.5:
                lines += paragraph[:-1]
                paragraph = []
            paragraph.append(text)
            previous = y
        lines += paragraph[:-1]
    return lines


@pytest.mark.parametrize(("lang", "paper", "large"), EDITIONS)
def test_body_paragraphs_hold_45_to_75_characters_a_line(lang, paper, large) -> None:
    theme = Theme.for_paper(paper, large_print=large)
    counts: dict[str, float] = {}
    for slug in sorted(LIBRARY.conditions_by_lang[lang]):
        data = render_handout(LIBRARY, slug, lang=lang, paper=paper, large_print=large).data
        lines = paragraph_lines(data, theme)
        if lines:
            counts[slug] = mean(len(line) for line in lines)
            assert max(len(line) for line in lines) <= 82, (slug, max(lines, key=len))
    assert len(counts) >= 5, "the measure should be read from most handouts"
    for slug, average in counts.items():
        assert 45 <= average <= 75, f"{slug} ({lang}, {paper}, large={large}): {average:.0f}"


def test_the_reader_counts_lines_as_a_reader_would() -> None:
    """The 7 in column we left measured about 88 characters a line: the reader must see that."""
    from dataclasses import replace

    wide = replace(Theme(), measure=7 * 72.0, min_rail=0.0)
    from handouts.render.document import render_document

    data = render_document(LIBRARY.handout("questions-and-answers"), wide).data
    assert mean(len(line) for line in paragraph_lines(data, wide)) > 80
