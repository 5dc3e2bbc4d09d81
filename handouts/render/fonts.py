"""Registering a brand's font family with ReportLab, once per process and per file; what a
font file can print, and what makes a file unfit to be one style of the family.

ReportLab's font registry is process-wide; we only add our own family's names to it (never
replace a font someone else registered under another name). Our fonts are a `TTFont` subclass
(`HandoutFont`): ReportLab's own class and functions stay as they are for other code.

ReportLab reads TrueType only, and reads a collection (.ttc, or one renamed .ttf) silently as
its first font: a Bold file that is really a collection printed every heading in Regular. So a
file is judged by its first bytes before ReportLab reads it (`font_file_problem`), and by the
size of its character map, whose ranges ReportLab walks one code point at a time.
"""

from __future__ import annotations

import struct
import unicodedata
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
        problem = font_file_problem(path)  # a collection would load, as its first font
        if problem:
            raise HandoutsError(f"{path}: {problem}")
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


MAX_FONT_BYTES = 10_000_000
"""One style's file. A Latin family's files are tens or hundreds of kilobytes; ReportLab keeps
each whole in memory, twice (checking and drawing)."""
MAX_MAPPED = 0x110000
"""Code points a character map may list: every Unicode code point, once."""


def font_file_problem(path: Path) -> str | None:
    """Why this file cannot be used as one style of the family, or None (then ReportLab may
    still find it unreadable). Read from its size and first bytes only."""
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(12)
    except OSError:
        return "not a readable file"
    if size > MAX_FONT_BYTES:
        return (
            f"{size / 1e6:,.0f} MB, more than {MAX_FONT_BYTES // 1_000_000} MB; use the "
            "TrueType file of this one style"
        )
    tag = head[:4]
    if tag == b"ttcf":
        count = int.from_bytes(head[8:12], "big") if len(head) == 12 else 0
        return (
            f"a font collection (.ttc) of {count:,} fonts, not a single TrueType font: "
            "ReportLab would use only its first font, whatever style that is; use the .ttf "
            "file of this style"
        )
    if tag == b"OTTO":
        return (
            "an OpenType font with PostScript (CFF) outlines, which ReportLab cannot embed; "
            "use the TrueType (.ttf) version of the family"
        )
    if tag in (b"wOFF", b"wOF2"):
        return "a web font (WOFF), not a TrueType font; use the .ttf version of the family"
    if tag in (b"\x00\x01\x00\x00", b"true") and _mapped(path) > MAX_MAPPED:
        return (
            "a font whose character map is damaged (it lists more characters than Unicode has); "
            "replace it with a good copy"
        )
    return None


def style_problem(path: Path, style: str) -> str | None:
    """Why this TrueType file is not the style its name says, from its own flags (OS/2 weight
    and selection, head's macStyle, post's italic angle), or None: a Regular file copied to
    -Bold.ttf printed every heading in Regular, silently. Lenient: a file without those tables
    is taken at its word."""
    try:
        data = path.read_bytes()
        tables = _table_offsets(data)
        os2, head, post = tables[b"OS/2"], tables[b"head"], tables[b"post"]
        (weight,) = struct.unpack_from(">H", data, os2 + 4)
        (selection,) = struct.unpack_from(">H", data, os2 + 62)
        (mac,) = struct.unpack_from(">H", data, head + 44)
        (angle,) = struct.unpack_from(">l", data, post + 4)
    except (OSError, KeyError, struct.error):
        return None
    bold = weight >= 600 or selection & 0x20 or mac & 0x1
    italic = selection & 0x201 or mac & 0x2 or angle != 0
    if "Bold" in style and not bold:
        return (
            f"not bold (its weight is {weight}): headings and bold text would look like "
            f"ordinary text; use the family's {style} file"
        )
    if "Italic" in style and not italic:
        return (
            f"not italic (it is upright): italic text would look like ordinary text; use the "
            f"family's {style} file"
        )
    return None


def _table_offsets(data: bytes) -> dict[bytes, int]:
    (count,) = struct.unpack_from(">H", data, 4)
    return {
        data[12 + 16 * n : 16 + 16 * n]: struct.unpack_from(">L", data, 20 + 16 * n)[0]
        for n in range(count)
    }


def _mapped(path: Path) -> int:
    """The most code points any subtable of the character map lists (formats 4, 12, 13): what
    ReportLab would walk. 0 if the map cannot be found (ReportLab then says what is wrong)."""
    try:
        data = path.read_bytes()
        cmap = _table_offsets(data)[b"cmap"]
        (subtables,) = struct.unpack_from(">H", data, cmap + 2)
        most = 0
        for n in range(subtables):
            (offset,) = struct.unpack_from(">L", data, cmap + 4 + 8 * n + 4)
            at = cmap + offset
            (kind,) = struct.unpack_from(">H", data, at)
            listed = 0
            if kind == 4:
                (segments,) = struct.unpack_from(">H", data, at + 6)
                segments //= 2
                ends = struct.unpack_from(f">{segments}H", data, at + 14)
                starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
                listed = sum(
                    max(0, end - start + 1) for start, end in zip(starts, ends, strict=True)
                )
            elif kind in (12, 13):
                (groups,) = struct.unpack_from(">L", data, at + 12)
                for group in range(min(groups, MAX_MAPPED + 1)):
                    start, end = struct.unpack_from(">LL", data, at + 16 + 12 * group)
                    listed += max(0, end - start + 1)
                    if listed > MAX_MAPPED:
                        break
            most = max(most, listed)
        return most
    except (OSError, struct.error, KeyError):
        return 0


_coverage: dict[tuple[Path, int, int], frozenset[int]] = {}


def printable(path: Path) -> frozenset[int]:
    """The code points this TrueType file can print: mapped to a glyph other than .notdef (an
    empty box), with an outline unless the character is blank anyway (spaces, format
    characters). Raises what ReportLab raises for a file it cannot read; check
    `font_file_problem` first."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    found = _coverage.get(key)
    if found is None:
        face = TTFont(f"check-{path.stem}", str(path)).face
        glyphs, starts = face.numGlyphs, face.glyphPos
        found = frozenset(
            c
            for c, g in face.charToGlyph.items()
            if 0 < g < glyphs and (starts[g + 1] > starts[g] or _blank(c))
        )
        if len(_coverage) >= 8:  # a family or two at a time is all a process needs
            _coverage.pop(next(iter(_coverage)))
        _coverage[key] = found
    return found


def _blank(code: int) -> bool:
    """A character that draws nothing by nature (a space, a joiner), so an empty glyph is
    right for it."""
    return 0xD800 <= code <= 0xDFFF or unicodedata.category(chr(code)) in BLANK


BLANK = ("Zs", "Zl", "Zp", "Cf", "Cc")
