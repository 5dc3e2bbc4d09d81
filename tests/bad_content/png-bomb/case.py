"""A 100-byte PNG that claims 60,000 x 60,000 pixels (a decompression bomb)."""

import struct
import zlib


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def prepare(content, out):
    header = struct.pack(">IIBBBBB", 60_000, 60_000, 1, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
    png += _chunk(b"IDAT", zlib.compress(b"\x00" * 7501)) + _chunk(b"IEND", b"")
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "logo.png").write_bytes(png)
