"""Copy-fitting: a personal copy keeps the page count of the generic one.

The "Prepared for" card costs page 1 a few lines, and where a page was nearly full that pushed
a kept-together block (the contacts, a picture with its heading, the warning boxes) onto a
page of its own. So a personal copy that runs longer is laid out again with a little less
space between things (`Theme.tighter`, the ladder in `TIGHTENINGS`), least first, until it
fits. Type, leading and margins stay; generic copies are never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

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
    a step that saves no page is no reason to crowd the page. Only that copy is written; the
    others, and the generic copy, are only laid out to count their pages."""
    from handouts.render.document import lay_out_document  # at call time, as api.py does

    theme = theme or Theme()
    laid = lay_out_document(handout, theme)
    if handout.personal is None:
        return laid.finish()
    pages = generic_pages or _generic_pages(handout, theme, lay_out_document)
    best = laid
    for step in range(len(TIGHTENINGS)):
        if best.pages <= pages:
            break
        tighter = lay_out_document(handout, theme.tighter(step))
        if tighter.pages < best.pages:
            best = tighter
    return replace(best.finish(), generic_pages=pages)  # only the copy kept is written


def over_generic(what: str, lang: str, rendered: RenderedHandout) -> str | None:
    """What to tell the person who made a personal copy (or packet) that copy-fitting could
    not keep to the generic copy's pages (a long note or name): the handouts and what helps,
    never the patient. None when it fits. The CLI prints it; the web app shows it."""
    extra = rendered.pages - rendered.generic_pages
    if not rendered.generic_pages or extra <= 0:
        return None
    return (
        f"the personal copy of {what} ({lang}) has {rendered.pages} pages, {extra} more than "
        f"the copy without patient details; a shorter note keeps it to {rendered.generic_pages}"
    )


_known: dict[tuple[Any, ...], tuple[Handout, int]] = {}
"""Generic copies' page counts already laid out in this process: the web app makes personal
copies of the same few handouts all day, and laying out the generic copy again doubled each
one's time. Keyed by the identity of the loaded content the handout is made of (a reloaded
folder is new objects), holding that content so no identity is reused while it is kept."""
MAX_KNOWN = 256


def _generic_pages(handout: Handout, theme: Theme, lay_out: Callable[..., Any]) -> int:
    generic = replace(handout, personal=None)
    key = (
        id(generic.condition), tuple(map(id, generic.blocks)), id(generic.brand),
        tuple(map(id, generic.locations)), id(generic.language), id(generic.wording),
        generic.font, generic.logo, generic.lang, generic.tagline, generic.root,
        generic.base_folder, theme,
    )  # fmt: skip
    known = _known.get(key)
    if known is None:
        if len(_known) >= MAX_KNOWN:
            _known.pop(next(iter(_known)))
        known = _known[key] = (generic, lay_out(generic, theme).pages)
    return known[1]
