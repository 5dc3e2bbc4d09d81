"""Safety boxes stay whole and never stand alone at the top of a page.

A "when to call" block ("Call us if…", "Call 911 right away if…") is read as one thing: its
callouts (a run of adjacent callouts with a warning among them) stay together, with the
section's heading and what leads to them when that is short, else with the part just before
them. ReportLab's keepWithNext does this once each flowable of the group is marked with it: the
document's keep-together class then moves the group to the next page whole when it does not fit
(or, taller than a page, lets it flow as usual).
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from handouts.render.theme import Theme

LEAD_SHARE = 0.45
"""The heading and the parts before the safety boxes go with them when the whole is at most
this share of the page's height; a longer lead keeps only its last part with them."""


def _height(flowables: list[Flowable], width: float, page: float) -> float:
    total = 0.0
    for flowable in flowables:
        total += (
            flowable.wrap(width, page)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        )
    return total


def _safety_run(block: Any) -> tuple[int, int] | None:
    """(first, last) index of the run of adjacent callouts holding a warning, if any."""
    kinds = [part.kind for part in block.body]
    for index, part in enumerate(block.body):
        if part.kind == "callout" and part.body.tone == "warning":
            first = last = index
            while first > 0 and kinds[first - 1] == "callout":
                first -= 1
            while last + 1 < len(kinds) and kinds[last + 1] == "callout":
                last += 1
            return first, last
    return None


def keep_safety_together(
    heading: Flowable, block: Any, parts: list[list[Flowable]], theme: Theme
) -> list[Flowable]:
    """The section's flowables, heading first, with its safety boxes bound to their lead."""
    section: list[Flowable] = [heading]
    run = _safety_run(block)
    if run is None:
        return section + [f for part in parts for f in part]
    first, last = run
    page = theme.page_size[1]
    lead = [heading] + [f for part in parts[:first] for f in part]
    if first > 0 and _height(lead, theme.column_width, page) > LEAD_SHARE * page:
        lead = list(parts[first - 1])  # a long lead: only its last part goes with the boxes
    bound = lead + [f for part in parts[first : last + 1] for f in part]
    for flowable in bound[:-1]:  # the last (a closing space, or the last box) ends the group
        flowable.keepWithNext = True  # type: ignore[attr-defined]
    return section + [f for part in parts for f in part]
