"""Font files made for tests from the shipped family: one with characters taken out of its
character map, a collection (.ttc) of several, one whose header says CFF. No font library: the
sfnt layout is simple enough to rewrite here (tables, a format 4 character map)."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from tests.conftest import ROOT

FONTS = ROOT / "fonts"


def shipped(style: str) -> bytes:
    return (FONTS / f"AtkinsonHyperlegible-{style}.ttf").read_bytes()


def _tables(font: bytes) -> dict[bytes, bytes]:
    (count,) = struct.unpack_from(">H", font, 4)
    tables = {}
    for n in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", font, 12 + 16 * n)
        tables[tag] = font[offset : offset + length]
    return tables


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}L", data)) & 0xFFFFFFFF


def _font(tables: dict[bytes, bytes], version: bytes = b"\0\1\0\0") -> bytes:
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(">HHHH", count, power * 16, power.bit_length() - 1,
                                   count * 16 - power * 16)  # fmt: skip
    offset = 12 + 16 * count
    directory, body = b"", b""
    for tag in sorted(tables):
        data = tables[tag]
        directory += struct.pack(">4sLLL", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return header + directory + body


def _cmap(mapping: dict[int, int]) -> bytes:
    """A character map with one format 4 subtable (Windows, Unicode BMP)."""
    segments: list[list[int]] = []  # start, end, delta
    for char in sorted(c for c in mapping if c < 0xFFFF):
        delta = (mapping[char] - char) % 0x10000
        if segments and segments[-1][1] == char - 1 and segments[-1][2] == delta:
            segments[-1][1] = char
        else:
            segments.append([char, char, delta])
    segments.append([0xFFFF, 0xFFFF, 1])
    count = len(segments)
    power = 1 << (count.bit_length() - 1)
    body = struct.pack(">HHHH", count * 2, power * 2, power.bit_length() - 1, 2 * count - 2 * power)
    body += struct.pack(f">{count}H", *(s[1] for s in segments)) + b"\0\0"
    body += struct.pack(f">{count}H", *(s[0] for s in segments))
    body += struct.pack(f">{count}H", *(s[2] for s in segments))
    body += struct.pack(f">{count}H", *([0] * count))
    subtable = struct.pack(">HHH", 4, 6 + len(body), 0) + body
    return struct.pack(">HHHHL", 0, 1, 3, 1, 12) + subtable


def without(font: bytes, chars: str) -> bytes:
    """The font with these characters taken out of its character map."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    mapping = dict(TTFontFile(io.BytesIO(font)).charToGlyph)
    for char in chars:
        mapping.pop(ord(char), None)
    tables = _tables(font)
    tables[b"cmap"] = _cmap(mapping)
    return _font(tables)


def remapped(font: bytes, changes: dict[str, str]) -> bytes:
    """The font with each character drawn with another's glyph ({"ñ": " "}: an invisible ñ)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    mapping = dict(TTFontFile(io.BytesIO(font)).charToGlyph)
    for char, other in changes.items():
        mapping[ord(char)] = mapping[ord(other)]
    tables = _tables(font)
    tables[b"cmap"] = _cmap(mapping)
    return _font(tables)


def collection(*fonts: bytes) -> bytes:
    """A TrueType collection of these fonts (each keeps its own copy of every table)."""
    header = b"ttcf" + struct.pack(">HHL", 1, 0, len(fonts))
    offset = len(header) + 4 * len(fonts)
    offsets, body = [], b""
    for font in fonts:
        offsets.append(offset + len(body))
        (count,) = struct.unpack_from(">H", font, 4)
        directory_size = 12 + 16 * count
        start = offset + len(body)
        rebased = bytearray(font[:directory_size])
        for n in range(count):
            (old,) = struct.unpack_from(">L", font, 12 + 16 * n + 8)
            struct.pack_into(">L", rebased, 12 + 16 * n + 8, old + start)
        body += bytes(rebased) + font[directory_size:]
        body += b"\0" * (-len(body) % 4)
    return header + struct.pack(f">{len(fonts)}L", *offsets) + body


def family(folder: Path, name: str, **styles: bytes) -> None:
    """Write a family's four files into `folder`, the shipped ones unless given."""
    folder.mkdir(parents=True, exist_ok=True)
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        data = styles.get(style) or shipped(style)
        (folder / f"{name}-{style}.ttf").write_bytes(data)


def with_cmap_range(font: bytes, start: int, end: int) -> bytes:
    """The font with a character map of one format 12 group, start..end (a damaged map can
    list billions of code points)."""
    group = struct.pack(">LLL", start, end, 1)
    subtable = struct.pack(">HHLLL", 12, 0, 16 + len(group), 0, 1) + group
    tables = _tables(font)
    tables[b"cmap"] = struct.pack(">HHHHL", 0, 1, 3, 10, 12) + subtable
    return _font(tables)
