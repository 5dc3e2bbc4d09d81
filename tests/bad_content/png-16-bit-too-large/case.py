"""A 16-bit RGBA PNG of 3500 x 3500 pixels: 12.25 million pixels with transparency."""

from tests.render.imagefiles import png


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "x.png").write_bytes(png(3500, 3500, colour_type=6, bit_depth=16))
