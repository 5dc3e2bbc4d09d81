"""What rendering returns, in a module of its own so the API can name it without ReportLab."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderedHandout:
    """A finished PDF in memory: its bytes and its page count."""

    data: bytes
    pages: int
