"""Registering a brand's font family with ReportLab, once per process and per file.

ReportLab's font registry is process-wide; we only add our own family's names to it (never
replace a font someone else registered under another name), and only once per file path.
"""

from __future__ import annotations

from pathlib import Path

from handouts.content.fonts import STYLES, FontFamily
from handouts.errors import HandoutsError

_registered: dict[str, Path] = {}


def register(family: FontFamily) -> None:
    """Make the family usable in ReportLab, so <b> and <i> pick the right files."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for style, path in zip(STYLES, family.files, strict=True):
        name = family.name(style)
        if _registered.get(name) == path:
            continue
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (TTFError, OSError, ValueError) as exc:
            raise HandoutsError(f"{path}: not a usable TrueType font ({exc})") from None
        _registered[name] = path
    for style, bold, italic in (
        ("Regular", 0, 0),
        ("Bold", 1, 0),
        ("Italic", 0, 1),
        ("BoldItalic", 1, 1),
    ):
        addMapping(family.base_name, bold, italic, family.name(style))
