"""The drawing svglib returns, checked before any page draws it: whatever path svglib took to
make it, no NaN or infinity, no number too large for a PDF, and nothing that would paint over
the rest of the page.

- its width and height: finite, between MIN_SIZE and MAX_SIZE pixels;
- every number of every node (coordinates, sizes, colours, dash patterns), and each group's
  transform composed with the ones around it: finite and within MAX_DRAWN (ReportLab writes
  NaN into the page as 'nan', and fails on numbers over 1e20);
- a stroke wider than the picture, or text taller than twice the picture (a 'stroke-width' or
  'font-size' of millions, within the numbers allowed, would cover the whole page), and a dash
  pattern with a negative or no length.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

MIN_SIZE, MAX_SIZE = 1.0, 100_000.0
"""The drawing's width and height, in CSS pixels (1/96 inch)."""
MAX_DRAWN = 1e10
"""Any number in the drawing svglib returns, and every transform composed with the ones around
it: ten times render/svgcheck.py's MAX_NUMBER leaves room for svglib's own arithmetic."""
PX = 0.75
"""svglib's points per CSS pixel."""


def drawing_problem(drawing: Any) -> str | None:
    """What makes svglib's drawing unfit for a page, or None."""
    width, height = drawing.width, drawing.height
    for value in (width, height):
        if not isinstance(value, (int, float)) or not MIN_SIZE * PX <= value <= MAX_SIZE * PX:
            return (
                f"an SVG of {_size(width)} x {_size(height)} pixels; its width and height "
                f"(or viewBox) must be between {MIN_SIZE:,.0f} and {MAX_SIZE:,.0f} pixels"
            )
    for number in _drawn_numbers(drawing):
        if not -MAX_DRAWN <= number <= MAX_DRAWN:  # False for NaN too
            return (
                "an SVG with a size, position, transform, stroke or font size that is not a "
                f"finite number or is beyond {MAX_DRAWN:,.0f}; export it again with ordinary "
                "sizes"
            )
    return _oversized(drawing, max(width, height))


def _size(value: object) -> str:
    if isinstance(value, (int, float)) and math.isfinite(value):
        return f"{value / PX:,.4g}"
    return str(value)


def _nodes(drawing: Any) -> Iterator[tuple[Any, tuple[float, ...]]]:
    """Every node with the transform around it (its group's, composed with the groups')."""
    from reportlab.graphics.shapes import Group, mmult

    stack: list[tuple[Any, tuple[float, ...]]] = [(drawing, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))]
    while stack:
        node, around = stack.pop()
        if isinstance(node, Group):
            around = tuple(mmult(around, node.transform))
            stack.extend((child, around) for child in node.contents)
        yield node, around
        for key, value in vars(node).items():  # a shape held by a shape (a gradient's clip)
            if (
                key != "contents"
                and hasattr(value, "getProperties")
                and not isinstance(value, Group)
            ):
                stack.append((value, around))


def _drawn_numbers(drawing: Any) -> Iterator[float]:
    """Every number of every node (lists, tuples, colours included), and each group's
    transform composed with those around it."""
    from reportlab.graphics.shapes import Group
    from reportlab.lib.colors import Color

    for node, around in _nodes(drawing):
        if isinstance(node, Group):
            yield from around
        values = [value for key, value in vars(node).items() if key != "contents"]
        while values:
            value = values.pop()
            if isinstance(value, bool) or value is None or isinstance(value, str):
                continue
            if isinstance(value, (int, float)):
                yield float(value)
            elif isinstance(value, (list, tuple)):
                values.extend(value)
            elif isinstance(value, Color):
                values.extend(v for v in vars(value).values() if isinstance(v, (int, float)))


def _oversized(drawing: Any, side: float) -> str | None:
    from reportlab.graphics.shapes import String

    for node, around in _nodes(drawing):
        scale = math.sqrt(abs(around[0] * around[3] - around[1] * around[2]))
        stroke = getattr(node, "strokeWidth", None)
        stroked = getattr(node, "strokeColor", None) is not None
        if stroked and isinstance(stroke, (int, float)) and stroke * scale > side:
            return (
                f"an SVG with a stroke {stroke * scale / PX:,.0f} pixels wide, wider than "
                "the picture itself: it would paint over the page; export it again"
            )
        if isinstance(node, String) and node.fontSize * scale > 2 * side:
            return (
                f"an SVG with text {node.fontSize * scale / PX:,.0f} pixels tall, more than "
                "twice the picture's size: it would print over the page; export it again"
            )
        dashes = getattr(node, "strokeDashArray", None)
        if dashes:  # [on, off, …] or (phase, [on, off, …])
            pattern = dashes[1] if isinstance(dashes[-1], (list, tuple)) else dashes
            lengths = list(_flat(pattern))
            if any(n < 0 for n in lengths) or not sum(lengths) > 0:
                return (
                    "an SVG with a dash pattern that has a negative length or none at all "
                    "(stroke-dasharray); export it again"
                )
    return None


def _flat(value: Any) -> Iterator[float]:
    if isinstance(value, (int, float)):
        yield float(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _flat(item)
