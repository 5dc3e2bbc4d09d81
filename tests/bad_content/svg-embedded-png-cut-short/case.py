"""A logo embedding a PNG whose header promises 200 x 200 pixels and whose compressed data stops
a third of the way: the decoder failed while the page was drawn, with a traceback. Its pixels
are now decoded when it is checked."""

import base64
import struct
import zlib


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def prepare(content, out):
    header = struct.pack(">IIBBBBB", 200, 200, 8, 2, 0, 0, 0)
    rows = bytes((n * 7919) % 251 for n in range(601 * 200))
    data = zlib.compress(rows)
    png = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
    png += _chunk(b"IDAT", data[: len(data) // 3]) + _chunk(b"IEND", b"")
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="100" height="100"><image width="100" height="100" xlink:href="{uri}"/></svg>'
    )
