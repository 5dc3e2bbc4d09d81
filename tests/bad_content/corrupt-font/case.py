"""A font family whose files are not TrueType (a failed download, say)."""

import random


def prepare(content, out):
    fonts = content / "fonts"
    fonts.mkdir()
    noise = random.Random(6).randbytes(3000)
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        (fonts / f"BrokenSans-{style}.ttf").write_bytes(noise)
