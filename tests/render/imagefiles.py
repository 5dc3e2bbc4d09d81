"""PNG files made for tests, quickly however large: flat rows, compressed once; optionally with
their compressed pixels cut short (a header that promises more than the file holds)."""

from __future__ import annotations

import struct
import zlib


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(
    width: int, height: int, colour_type: int = 2, bit_depth: int = 8, cut: int | None = None
) -> bytes:
    """colour_type: 0 grey, 2 RGB, 4 grey + alpha, 6 RGBA. `cut`: keep only so many bytes of
    the compressed pixels."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type] * bit_depth // 8
    row = b"\x00" + b"\x80" * (width * channels)
    data = zlib.compress(row * height, 1)[:cut]
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
