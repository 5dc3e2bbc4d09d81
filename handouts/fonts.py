"""Finding a brand's font family on disk, and registering it with ReportLab once per process.

A family is four TrueType files named `<Family without spaces>-<Style>.ttf`, looked for first in
`<content>/fonts/` (a clinic's own font) and then in the project's `fonts/` folder.
ReportLab's font registry is process-wide, so registration is cached by file path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.errors import HandoutsError

STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
PROJECT_FONTS = Path(__file__).resolve().parent.parent / "fonts"


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


def font_dirs(content_root: Path) -> list[Path]:
    return [content_root / "fonts", PROJECT_FONTS]


def find_family(family: str, content_root: Path) -> FontFamily | None:
    base = family.replace(" ", "")
    for folder in font_dirs(content_root):
        files = tuple(folder / f"{base}-{style}.ttf" for style in STYLES)
        if all(f.is_file() for f in files):
            return FontFamily(family, files)  # type: ignore[arg-type]
    return None


_registered: dict[str, Path] = {}


def register(family: FontFamily) -> None:
    """Make the family usable in ReportLab, so <b> and <i> pick the right files."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for style, path in zip(STYLES, family.files, strict=True):
        name = family.name(style)
        if _registered.get(name) == path:
            continue
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (TTFError, OSError, ValueError) as exc:
            raise HandoutsError(f"{path}: not a usable TrueType font ({exc})") from None
        _registered[name] = path
    for style, bold, italic in (
        ("Regular", 0, 0),
        ("Bold", 1, 0),
        ("Italic", 0, 1),
        ("BoldItalic", 1, 1),
    ):
        addMapping(family.base_name, bold, italic, family.name(style))
