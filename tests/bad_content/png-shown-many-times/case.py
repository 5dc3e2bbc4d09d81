"""One 2000 x 2000 PNG (12 MB of RGB), within its limit, shown 40 times in one handout: each
showing hashes its pixels again (480 MB in all)."""

from tests.render.imagefiles import png


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "x.png").write_bytes(png(2000, 2000))
