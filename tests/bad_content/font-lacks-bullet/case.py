"""A Regular file without the bullet (U+2022) that the engine prints before list items, and
which no content file contains."""

from tests.render.fontfiles import family, shipped, without


def prepare(content, out):
    family(content / "fonts", "AcmeSans", Regular=without(shipped("Regular"), "•"))
