"""A Regular file whose character map lists every code point up to 2^32: ReportLab walked it one
at a time (still going after minutes)."""

from tests.render.fontfiles import family, shipped, with_cmap_range


def prepare(content, out):
    family(
        content / "fonts", "AcmeSans", Regular=with_cmap_range(shipped("Regular"), 0, 0xFFFFFFFF)
    )
