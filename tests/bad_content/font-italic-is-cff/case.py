"""The Italic file is an OpenType font with PostScript (CFF) outlines, renamed .ttf."""

from tests.render.fontfiles import family, shipped


def prepare(content, out):
    family(content / "fonts", "AcmeSans", Italic=b"OTTO" + shipped("Italic")[4:])
