"""A JPEG saved under a .png name, with a fill byte before its frame header (valid JPEG: Pillow
reads it): ReportLab's own JPEG parser cannot, and the build put its placeholder picture in the
PDF instead, silently."""

import io

from PIL import Image


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    data = buffer.getvalue()
    at = data.index(b"\xff\xc0")
    (content / "images" / "x.png").write_bytes(data[:at] + b"\xff" + data[at:])
