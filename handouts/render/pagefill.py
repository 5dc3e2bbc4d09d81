"""How full each page is, and the warnings a build gives about it: a page left mostly blank
before the last, a handout over its page limit. Each names the handout and the block to
shorten or move, never anything a patient typed.
"""

from __future__ import annotations

from handouts.render.result import RenderedHandout

UNDER_FILLED = 0.40
"""A page before the last filled less than this reads as a mistake (a half-empty sheet)."""


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def overflow(rendered: RenderedHandout, limit: int) -> str | None:
    """How a handout runs past `limit` pages: the block that crosses onto page limit+1 and
    how much there is past the limit, in body lines and share of a page; None within it."""
    if rendered.pages <= limit or not rendered.fills:
        return None
    over = sum(rendered.fills[limit:]) * rendered.frame_height
    lines = max(1, round(over / rendered.line_height)) if rendered.line_height else 0
    block = rendered.first_blocks[limit] if len(rendered.first_blocks) > limit else "?"
    return (
        f"{rendered.pages} pages, over its limit of {limit} by about {lines} lines of text "
        f"({_percent(over / rendered.frame_height)} of a page): from block '{block}', which "
        f"runs onto page {limit + 1}"
    )


def layout_warnings(name: str, rendered: RenderedHandout, limit: int | None) -> list[str]:
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
