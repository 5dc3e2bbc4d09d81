"""Copy-fitting: a personal copy keeps the page count of the generic one.

The "Prepared for" card costs page 1 a few lines, and where a page was nearly full that pushed
a kept-together block (the contacts, a picture with its heading, the warning boxes) onto a
page of its own. So a personal copy that runs longer is laid out again with a little less
space between things (`Theme.tighter`, the ladder in `TIGHTENINGS`), least first, until it
fits. Type, leading and margins stay; generic copies are never touched.
"""

from __future__ import annotations

from dataclasses import replace

from handouts.content.library import Handout
from handouts.render.result import RenderedHandout
from handouts.render.theme import TIGHTENINGS, Theme


def render_fitted(
    handout: Handout, theme: Theme | None = None, generic_pages: int | None = None
) -> RenderedHandout:
    """The handout laid out as `render_document` does; a personal copy with more pages than
    its generic copy (`generic_pages`, if the caller has it already) is laid out again,
    tighter step by step, until it has as many.

    If no step fits, the copy with the fewest pages, at the least tightening that reaches it:
    a step that saves no page is no reason to crowd the page."""
    from handouts.render.document import render_document  # at call time, as api.py does

    theme = theme or Theme()
    rendered = render_document(handout, theme)
    if handout.personal is None:
        return rendered
    pages = generic_pages or render_document(replace(handout, personal=None), theme).pages
    best = rendered
    for step in range(len(TIGHTENINGS)):
        if best.pages <= pages:
            break
        tighter = render_document(handout, theme.tighter(step))
        if tighter.pages < best.pages:
            best = tighter
    return best
