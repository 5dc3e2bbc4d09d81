"""A 12 MB Bold file (a font padded, or a whole CJK family): ReportLab keeps each file whole in
memory, twice."""

from tests.render.fontfiles import family, shipped


def prepare(content, out):
    family(content / "fonts", "AcmeSans", Bold=shipped("Bold") + bytes(12_000_000))
