"""A 5000 x 5000 PNG, within the old 25-megapixel limit, took 403 MB to draw: refused,
saying the limit."""

from tests.render.imagefiles import png


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "x.png").write_bytes(png(5000, 5000))
