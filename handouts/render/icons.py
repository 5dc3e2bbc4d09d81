"""Icons for the ideas a handout keeps coming back to (the shot, ice, the phone, an emergency),
from Health Icons (render/icons/, MIT: see its README), drawn in one colour as artifacts.

An icon never carries meaning alone: the heading or title beside it says the same in words, so
the tagger leaves it out of the structure tree (screen readers skip it) by drawing it outside
any tagged flowable's marked content.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.parts.base import ICONS, IconName

FOLDER = Path(__file__).resolve().parent / "icons"

BY_KIND: dict[str, IconName] = {
    "contacts": "phone",
    "faq": "question",
    "diary": "calendar",
}
"""A section's icon when its block names none: from the first part that suggests one."""

BY_TONE: dict[str, IconName] = {"warning": "emergency", "info": "info"}
"""A callout's icon, by its tone."""


def icon_for_block(block: Any) -> IconName | None:
    """The block's own `icon:`, or one its parts suggest (contacts: the phone), or none."""
    own: IconName | None = getattr(block, "icon", None)
    if own:
        return own
    for part in block.body:
        found = BY_KIND.get(part.kind)
        if found:
            return found
    return None


@functools.lru_cache(maxsize=64)
def _drawing(name: IconName, colour: str) -> Any:
    """The icon's drawing in `colour`, read once per process (svglib, our own trusted files)."""
    from reportlab.lib.colors import HexColor
    from svglib.svglib import svg2rlg

    assert name in ICONS, name
    drawing = svg2rlg(str(FOLDER / f"{name}.svg"))
    assert drawing is not None, name
    paint = HexColor(colour)

    def recolour(node: Any) -> None:
        for child in getattr(node, "contents", ()):
            recolour(child)
        if getattr(node, "fillColor", None) is not None:
            node.fillColor = paint
        if getattr(node, "strokeColor", None) is not None:
            node.strokeColor = paint

    recolour(drawing)
    drawing._showBoundary = False  # never rl_config's (RL_showBoundary frames the drawing)
    return drawing


@dataclass(frozen=True)
class Icon:
    """One icon to draw: which, how big, in what colour, and where beside its text."""

    name: IconName
    size: float
    colour: str
    font: str
    """The brand's regular font: the drawing's initial font (else ReportLab names Helvetica)."""
    dx: float = 0.0
    """Left edge, from the left edge of the flowable it goes with (negative: in the rail)."""

    def draw(self, canvas: Any, x: float, centre_y: float) -> None:
        """Draw at x + dx, centred vertically on centre_y, as page decoration."""
        from reportlab.graphics import renderPDF

        drawing = _drawing(self.name, self.colour)
        drawing.initialFontName = self.font
        scale = self.size / drawing.width  # square; svglib reads the files' px as 0.75 pt
        canvas.saveState()
        canvas.translate(x + self.dx, centre_y - self.size / 2)
        canvas.scale(scale, scale)
        renderPDF.draw(drawing, canvas, 0, 0, showBoundary=False)
        canvas.restoreState()
