"""Four 3500 x 3500 PNG figures, each within its limit (37 MB of RGB), 147 MB together: a run's
pictures share a budget (each file counts, even with the same bytes)."""

from tests.render.imagefiles import png


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    data = png(3500, 3500)
    for n in range(4):
        (content / "images" / f"p{n}.png").write_bytes(data)
