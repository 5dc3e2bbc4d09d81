"""How full each page is, and what is said about it: a page left mostly blank before the
last, a handout over its page limit (the build's warnings, and check's error and page-fit
table). Each names the handout and the block to shorten or move, never anything a patient
typed. One source: the fill of each page that rendering measured (`PageMeasures.fills`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handouts.render.result import PageMeasures

UNDER_FILLED = 0.40
"""A page before the last filled less than this reads as a mistake (a half-empty sheet)."""


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


@dataclass(frozen=True)
class Overflow:
    """How a handout runs past its page limit."""

    block: str
    """The block whose text is the first on the page after the limit."""
    page: int
    lines: int
    """About how many lines of body text are past the limit."""
    share: float
    """The same, as a share of a page."""


def overflow_of(rendered: PageMeasures, limit: int) -> Overflow | None:
    """The block that crosses onto page limit+1 and how much there is past the limit, in
    body lines and share of a page; None within it."""
    if rendered.pages <= limit or not rendered.fills:
        return None
    over = sum(rendered.fills[limit:]) * rendered.frame_height
    lines = max(1, round(over / rendered.line_height)) if rendered.line_height else 0
    block = rendered.first_blocks[limit] if len(rendered.first_blocks) > limit else "?"
    return Overflow(block, limit + 1, lines, over / rendered.frame_height)


def overflow(rendered: PageMeasures, limit: int) -> str | None:
    """How a handout runs past `limit` pages, in words; None within it."""
    over = overflow_of(rendered, limit)
    if over is None:
        return None
    return (
        f"{rendered.pages} pages, over its limit of {limit} by about {over.lines} lines of text "
        f"({_percent(over.share)} of a page): from block '{over.block}', which runs onto page "
        f"{over.page}"
    )


@dataclass(frozen=True)
class PageFit:
    """One handout in one language as `check` lays it out (Letter, the edition for every
    clinic): its pages against its limit and how full each page is."""

    handout: str
    lang: str
    pages: int
    limit: int | None
    fills: tuple[float, ...]
    over: Overflow | None
    paper: str = "letter"

    @classmethod
    def of(cls, handout: str, lang: str, rendered: PageMeasures, limit: int | None) -> PageFit:
        over = overflow_of(rendered, limit) if limit is not None else None
        return cls(handout, lang, rendered.pages, limit, rendered.fills, over)

    def as_json(self) -> dict[str, Any]:
        over = self.over
        return {
            "handout": self.handout, "lang": self.lang, "paper": self.paper,
            "pages": self.pages, "limit": self.limit, "fills": [round(f, 2) for f in self.fills],
            "over": None if over is None else {
                "block": over.block, "page": over.page, "lines": over.lines,
                "share": round(over.share, 2),
            },
        }  # fmt: skip


def fit_lines(fits: list[PageFit]) -> list[str]:
    """check's page-fit table: per handout and language, pages / limit and each page's fill
    ('migraine  en  2/2  93% 89%'), and where one runs over."""
    if not fits:
        return []
    width = max(len("handout"), *(len(f.handout) for f in fits)) + 2
    lines = [f"{'handout':<{width}}{'lang':<6}{'pages':<7}fill of each page (Letter)"]
    for fit in fits:
        pages = f"{fit.pages}/{fit.limit}" if fit.limit is not None else str(fit.pages)
        fills = " ".join(f"{round(fill * 100)}%" for fill in fit.fills)
        row = f"{fit.handout:<{width}}{fit.lang:<6}{pages:<7}{fills}"
        if fit.over is not None:
            row += f"  <- over by about {fit.over.lines} lines, from block '{fit.over.block}'"
        lines.append(row)
    return [*lines, ""]


def layout_warnings(name: str, rendered: PageMeasures, limit: int | None) -> list[str]:
    """The build's warnings for one PDF, each starting with its file's name."""
    found = []
    fills = rendered.fills
    for number, fill in enumerate(fills[:-1], start=1):
        if fill < UNDER_FILLED:
            after = rendered.first_blocks[number] if len(rendered.first_blocks) > number else "?"
            found.append(
                f"{name}: page {number} of {rendered.pages} is only {_percent(fill)} full: block "
                f"'{after}' did not fit below and starts page {number + 1}; shorten what comes "
                "before it, or let it split"
            )
    if limit is not None:
        over = overflow(rendered, limit)
        if over:
            found.append(f"{name}: {over}; shorten the text, never the type")
    return found
