"""An SVG embedding a JPEG with a fill byte before its frame header: Pillow reads it, but
ReportLab's own JPEG parser failed while the page was drawn, with a traceback."""

import base64
import io

from PIL import Image


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    data = buffer.getvalue()
    at = data.index(b"\xff\xc0")
    uri = "data:image/jpeg;base64," + base64.b64encode(data[:at] + b"\xff" + data[at:]).decode()
    (content / "images" / "x.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="64" height="48"><image width="64" height="48" xlink:href="{uri}"/></svg>'
    )
