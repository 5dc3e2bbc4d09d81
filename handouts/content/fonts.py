"""Finding a brand's font family on disk (no ReportLab here: registering is render/fonts.py).

A family is four TrueType files named `<Family without spaces>-<Style>.ttf`, looked for first in
`<content>/fonts/` (a clinic's own font), then in its base folder's (a clinic that inherits), and
then in the project's `fonts/` folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
PROJECT_FONTS = Path(__file__).resolve().parent.parent.parent / "fonts"
FONT_FAMILY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,62}")
"""A family name, never a path: it becomes a file name in fonts/."""


@dataclass(frozen=True)
class FontFamily:
    family: str
    files: tuple[Path, Path, Path, Path]
    """Regular, Bold, Italic, BoldItalic."""

    @property
    def base_name(self) -> str:
        return self.family.replace(" ", "")

    def name(self, style: str = "Regular") -> str:
        """The name ReportLab knows each style by (and that the PDF shows as BaseFont)."""
        return self.base_name if style == "Regular" else f"{self.base_name}-{style}"


def font_dirs(content_root: Path, base_folder: Path | None = None) -> list[Path]:
    """Where a family is looked for: the content folder's fonts/, its base folder's (a clinic
    that inherits, content/inherit.py), the project's."""
    inherited = [base_folder / "fonts"] if base_folder is not None else []
    return [content_root / "fonts", *inherited, PROJECT_FONTS]


def find_family(
    family: str, content_root: Path, base_folder: Path | None = None
) -> FontFamily | None:
    base = family.replace(" ", "")
    for folder in font_dirs(content_root, base_folder):
        files = tuple(folder / f"{base}-{style}.ttf" for style in STYLES)
        if all(f.is_file() for f in files):
            return FontFamily(family, files)  # type: ignore[arg-type]
    return None
