"""An SVG embedding, as a data: URI, a PNG whose header claims 12,000 x 12,000 pixels: svglib
would decode it whole (a real one peaked at 2 GB). Only its header is read."""

import base64
import struct
import zlib


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    header = struct.pack(">IIBBBBB", 12_000, 12_000, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
    png += _chunk(b"IDAT", zlib.compress(b"\x00" * 36_001)) + _chunk(b"IEND", b"")
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    (content / "images" / "x.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="100" height="100"><image width="100" height="100" xlink:href="{uri}"/></svg>'
    )
