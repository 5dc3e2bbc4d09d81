"""A 4000 x 4000 PNG with an alpha channel: fine without transparency, but its RGBA bytes
(64 MB) are over the budget."""

from tests.render.imagefiles import png


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "logo.png").write_bytes(png(4000, 4000, colour_type=6))
