"""The Bold file is a font collection (.ttc of Regular and Bold) renamed .ttf: ReportLab read
its first font, so every heading printed in Regular, silently."""

from tests.render.fontfiles import collection, family, shipped


def prepare(content, out):
    family(content / "fonts", "AcmeSans", Bold=collection(shipped("Regular"), shipped("Bold")))
