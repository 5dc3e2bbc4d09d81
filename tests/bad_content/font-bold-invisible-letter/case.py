"""A Bold file whose n-tilde is mapped to an empty glyph (the space's): not a box, nothing at
all, so 'Mañana' printed as 'Ma ana' in the heading."""

from tests.render.fontfiles import family, remapped, shipped


def prepare(content, out):
    family(content / "fonts", "AcmeSans", Bold=remapped(shipped("Bold"), {"ñ": " "}))
