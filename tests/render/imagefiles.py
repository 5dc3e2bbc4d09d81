"""PNG files made for tests, quickly however large: flat rows, compressed once; optionally
interlaced (Adam7), or with their compressed pixels cut short (a header that promises more than
the file holds)."""

from __future__ import annotations

import struct
import zlib

ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2))  # fmt: skip
"""Each pass's first column and row, and its steps across and down."""


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(
    width: int,
    height: int,
    colour_type: int = 2,
    bit_depth: int = 8,
    cut: int | None = None,
    interlaced: bool = False,
) -> bytes:
    """colour_type: 0 grey, 2 RGB, 4 grey + alpha, 6 RGBA. `cut`: keep only so many bytes of
    the compressed pixels. Pixels get a pattern along each row, so passes differ."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type] * bit_depth // 8

    def rows(across: int, down: int) -> bytes:
        row = b"\x00" + bytes((n * 37) % 256 for n in range(across * channels))
        return row * down

    if interlaced:
        raw = b"".join(
            rows(-(-(width - x) // dx), -(-(height - y) // dy))
            for x, y, dx, dy in ADAM7
            if width > x and height > y
        )
    else:
        raw = rows(width, height)
    data = zlib.compress(raw, 1)[:cut]
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, int(interlaced))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
