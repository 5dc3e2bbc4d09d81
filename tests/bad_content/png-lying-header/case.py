"""A PNG whose header promises 3000 x 2000 pixels and whose compressed pixels stop after
900 bytes: the decoder failed while the page was drawn, with a traceback."""

from tests.render.imagefiles import png


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "x.png").write_bytes(png(3000, 2000, cut=900))
