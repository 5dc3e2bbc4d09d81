"""What rendering returns, in a module of its own so the API can name it without ReportLab."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class RenderedHandout:
    """A finished PDF in memory: its bytes and its page count, and how its pages are filled."""

    data: bytes
    pages: int
    fills: tuple[float, ...] = ()
    """Each page's share of the text frame that is used, 0 to 1 (render/pagefill.py)."""
    first_blocks: tuple[str, ...] = ()
    """The block id of the first thing placed on each page ('' for page 1's title)."""
    frame_height: float = 0.0
    """The text frame's height, in points."""
    line_height: float = 0.0
    """One line of body text, in points: overflow is told in lines."""
    generic_pages: int = 0
    """For a personal copy, its generic copy's page count (render/copyfit.py); 0 otherwise."""


class PageMeasures(Protocol):
    """How a layout fills its pages: a RenderedHandout, or a LaidOut not yet written."""

    @property
    def pages(self) -> int: ...
    @property
    def fills(self) -> tuple[float, ...]: ...
    @property
    def first_blocks(self) -> tuple[str, ...]: ...
    @property
    def frame_height(self) -> float: ...
    @property
    def line_height(self) -> float: ...
