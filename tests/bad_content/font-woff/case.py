"""The BoldItalic file is a web font (WOFF) renamed .ttf."""

from tests.render.fontfiles import family, shipped


def prepare(content, out):
    family(content / "fonts", "AcmeSans", BoldItalic=b"wOFF" + shipped("BoldItalic")[4:])
