"""A GIF saved under a .png name: Pillow would read it, ReportLab would decode it whole."""

from PIL import Image


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    Image.new("P", (40, 30)).save(content / "images" / "x.png", "GIF")
