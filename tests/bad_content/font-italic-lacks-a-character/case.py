"""The Italic and BoldItalic files lack the em dash the content uses (not in italics): the
rule is every character in every file, the simplest one that is always right."""

from tests.render.fontfiles import family, shipped, without


def prepare(content, out):
    family(
        content / "fonts",
        "AcmeSans",
        Italic=without(shipped("Italic"), "—"),
        BoldItalic=without(shipped("BoldItalic"), "—"),
    )
