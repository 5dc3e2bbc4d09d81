"""A clinic's Bold file without n-tilde, the accented vowels and the inverted question mark:
every Spanish heading printed empty boxes. Each character is named once, where first used."""

from tests.render.fontfiles import family, shipped, without


def prepare(content, out):
    family(content / "fonts", "AcmeSans", Bold=without(shipped("Bold"), "ñáéíóú¿"))
