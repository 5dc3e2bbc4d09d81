"""A logo's bold text has n-tilde, which the Bold file lacks: svglib draws it in the brand's
Bold, as an empty box."""

from tests.render.fontfiles import family, shipped, without


def prepare(content, out):
    family(content / "fonts", "AcmeSans", Bold=without(shipped("Bold"), "ñ"))
