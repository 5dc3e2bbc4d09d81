"""The Italic slot holds an upright file (the Bold, renamed): emphasis printed bold, not
italic. The file's own flags say it is upright."""

from tests.render.fontfiles import family, shipped


def prepare(content, out):
    family(content / "fonts", "AcmeSans", Italic=shipped("Bold"))
