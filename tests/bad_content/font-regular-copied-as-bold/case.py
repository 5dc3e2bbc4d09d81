"""A family without a Bold file, so the Regular was copied to -Bold.ttf: every heading printed in
Regular, silently. The file's own weight says it is not bold."""

from tests.render.fontfiles import family, shipped


def prepare(content, out):
    family(content / "fonts", "AcmeSans", Bold=shipped("Regular"))
