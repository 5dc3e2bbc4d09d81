"""Reading logo files (SVG as vector art through svglib, PNG through ReportLab), checked early.

`check` loads the logo too, so a corrupt or unreadable file is a content error before any
build, never a traceback halfway through one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError, display_path


class UnreadablePicture(HandoutsError):
    """An image file that cannot be drawn; `reason` is worded for the content editor."""

    def __init__(self, path: Path, reason: str):
        self.reason = reason
        super().__init__(f"{display_path(path)}: {reason}")


@dataclass(frozen=True)
class Picture:
    drawable: Any
    """An svglib Drawing (vector) or a ReportLab ImageReader (PNG)."""
    width: float
    height: float

    @property
    def is_vector(self) -> bool:
        return not hasattr(self.drawable, "getSize")


def load_picture(path: Path) -> Picture:
    """Read an SVG or PNG; raise HandoutsError naming the file if it cannot be used."""
    try:
        if path.suffix.lower() == ".svg":
            from svglib.svglib import svg2rlg

            drawing = svg2rlg(str(path))
            if drawing is None or not drawing.width or not drawing.height:
                raise ValueError("no drawing with a size")
            return Picture(drawing, float(drawing.width), float(drawing.height))
        from reportlab.lib.utils import ImageReader

        image = ImageReader(str(path))
        width, height = image.getSize()
        return Picture(image, float(width), float(height))
    except Exception:  # any parser failure means the same thing to the user
        kind = "SVG" if path.suffix.lower() == ".svg" else "PNG"
        raise UnreadablePicture(path, f"not a readable {kind} image; export it again") from None
