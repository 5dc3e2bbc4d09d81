"""Registering a brand's font family with ReportLab, once per process and per file.

ReportLab's font registry is process-wide; we only add our own family's names to it (never
replace a font someone else registered under another name). Our fonts are a `TTFont` subclass
(`HandoutFont`): ReportLab's own class and functions stay as they are for other code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.pdfbase.ttfonts import TTFont

from handouts.content.fonts import STYLES, FontFamily
from handouts.errors import HandoutsError


class HandoutFont(TTFont):  # type: ignore[misc]
    """A TrueType font whose ToUnicode maps leave out unused codes, and whose subsets do not
    depend on rl_config.ttfAsciiReadable (RL_ttfAsciiReadable).

    ReportLab maps every unused code of a subset to U+0000, which PDF/UA forbids. Its CMap
    streams are made in `addObjects` (keys 'toUnicodeCMap:…' in the document), still as text;
    we drop those entries there, before the document is written.
    """

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename, asciiReadable=1)  # ReportLab's default, pinned

    def addObjects(self, doc: Any) -> None:
        super().addObjects(doc)
        for key, stream in doc.idToObject.items():
            if key.startswith("toUnicodeCMap:") and isinstance(stream.content, str):
                stream.content = without_unused_codes(stream.content)


def without_unused_codes(cmap: str) -> str:
    """A ToUnicode CMap without its '<XX> <0000>' entries, the bfchar count corrected."""
    lines = cmap.split("\n")
    kept = [line for line in lines if not line.endswith("> <0000>")]
    if len(kept) == len(lines):
        return cmap
    removed = len(lines) - len(kept)
    for index, line in enumerate(kept):
        count, _, keyword = line.partition(" ")
        if keyword == "beginbfchar":
            kept[index] = f"{int(count) - removed} beginbfchar"
            break
    return "\n".join(kept)


@dataclass(frozen=True)
class _Registered:
    path: Path
    font: HandoutFont


_registered: dict[str, _Registered] = {}


def register(family: FontFamily) -> None:
    """Make the family usable in ReportLab, so <b> and <i> pick the right files.

    A name is registered again if something else (svglib, say) put another font under it."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    for style, path in zip(STYLES, family.files, strict=True):
        name = family.name(style)
        done = _registered.get(name)
        if done is not None and done.path == path and pdfmetrics.getFont(name) is done.font:
            continue
        try:
            font = HandoutFont(name, str(path))
        except (TTFError, OSError, ValueError) as exc:
            raise HandoutsError(f"{path}: not a usable TrueType font ({exc})") from None
        pdfmetrics.registerFont(font)
        _registered[name] = _Registered(path, font)
    for style, bold, italic in (
        ("Regular", 0, 0),
        ("Bold", 1, 0),
        ("Italic", 0, 1),
        ("BoldItalic", 1, 1),
    ):
        addMapping(family.base_name, bold, italic, family.name(style))
