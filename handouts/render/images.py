"""Reading logo files (SVG as vector art through svglib, PNG through ReportLab), checked early.

`check` loads the logo too, so a corrupt or unreadable file is a content error before any
build, never a traceback halfway through one.

Text in an SVG is always set in the handout's font family, the only one embedded in the PDF,
keeping its weight and slant. svglib would otherwise look for a font file named like the family
in the working directory, then ask fontconfig, then fall back to Helvetica (not embedded): the
same build gave different PDFs (DejaVu Sans) depending on where it was run. So every family an
SVG names is mapped to the brand's files before svglib reads it, and text with no family or a
generic one (svglib's Helvetica, Times, Courier) is moved to the brand family after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.content.fonts import STYLES, FontFamily
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


MAX_IMAGE_BYTES = 5_000_000
MAX_PIXELS = 25_000_000
"""A 5000 x 5000 PNG is far more than print needs; bigger ones are decompression bombs."""
TOO_LARGE = "an image of {size} pixels, too large; save it at most 5000 pixels wide"


_loaded: dict[tuple[Path, int, int, FontFamily], Picture] = {}
"""Pictures already read in this process, by path, modification time and size: `check` and
every handout that shows a figure would otherwise parse the same SVG again (about 7 ms)."""
MAX_LOADED = 64


def load_picture(path: Path, font: FontFamily) -> Picture:
    """Read an SVG or PNG; raise HandoutsError naming the file if it cannot be used.

    `font` is the handout's family: an SVG's text is drawn in it."""
    try:
        stat = path.stat()
    except OSError:
        raise UnreadablePicture(path, "not a readable file") from None
    key = (path, stat.st_mtime_ns, stat.st_size, font)
    picture = _loaded.get(key)
    if picture is None:
        picture = _read_picture(path, stat.st_size, font)
        if len(_loaded) >= MAX_LOADED:
            _loaded.pop(next(iter(_loaded)))
        _loaded[key] = picture
    return picture


def _read_picture(path: Path, size: int, font: FontFamily) -> Picture:
    if size > MAX_IMAGE_BYTES:
        raise UnreadablePicture(path, f"larger than {MAX_IMAGE_BYTES // 1_000_000} MB; shrink it")
    families: set[str] = set()
    if path.suffix.lower() == ".svg":
        families = _check_svg(path)
    else:
        _check_png(path)
    try:
        if path.suffix.lower() == ".svg":
            from svglib.svglib import svg2rlg

            _map_svg_fonts(font, families)
            drawing = svg2rlg(str(path))
            if drawing is None or not drawing.width or not drawing.height:
                raise ValueError("no drawing with a size")
            _use_brand_fonts(drawing, font)
            return Picture(drawing, float(drawing.width), float(drawing.height))
        from reportlab.lib.utils import ImageReader

        image = ImageReader(str(path))
        width, height = image.getSize()
        return Picture(image, float(width), float(height))
    except UnreadablePicture:
        raise
    except Exception:  # any parser failure means the same thing to the user
        kind = "SVG" if path.suffix.lower() == ".svg" else "PNG"
        raise UnreadablePicture(path, f"not a readable {kind} image; export it again") from None


_svg_fonts: set[tuple[FontFamily, str]] = set()
"""(brand family, SVG family name) pairs already mapped in svglib's font map, this process."""


def _map_svg_fonts(font: FontFamily, families: set[str]) -> None:
    """Map the brand family's own names and every family the SVG names to the brand's files,
    in each weight and slant, so svglib never searches the machine for a font."""
    from svglib.fonts import register_font

    for family in sorted({font.family, *families}):
        if (font, family) in _svg_fonts:
            continue
        for style, path in zip(STYLES, font.files, strict=True):
            weight = "bold" if "Bold" in style else "normal"
            slant = "italic" if "Italic" in style else "normal"
            register_font(family, str(path), weight, slant, rlgFontName=font.name(style))
        _svg_fonts.add((font, family))
    for style, path in zip(STYLES, font.files, strict=True):  # 'AtkinsonHyperlegible-Bold'
        if (font, font.name(style)) not in _svg_fonts:
            register_font(font.name(style), str(path), rlgFontName=font.name(style))
            _svg_fonts.add((font, font.name(style)))


_STANDARD = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
"""ReportLab's built-in (never embedded) fonts: what svglib gives text with no family or a
generic one (sans-serif, serif, monospace)."""


def _use_brand_fonts(node: Any, font: FontFamily) -> None:
    """Move text svglib set in a built-in font to the brand family, keeping bold and italic."""
    from reportlab.graphics.shapes import String

    if isinstance(node, String):
        name = node.fontName
        if name.startswith(_STANDARD):
            bold = "Bold" in name
            italic = "Italic" in name or "Oblique" in name
            style = ("Bold" if bold else "") + ("Italic" if italic else "")
            node.fontName = font.name(style or "Regular")
        return
    for child in getattr(node, "contents", ()):
        _use_brand_fonts(child, font)


def _check_svg(path: Path) -> set[str]:
    """Refuse what could make an SVG read other files: entity declarations (XXE) and links
    to files. svglib does not resolve entities, but it does load linked images. Returns the
    font families its text names (attributes, style attributes and <style> sheets)."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.parse(str(path), parser)
    except (etree.XMLSyntaxError, OSError):
        raise UnreadablePicture(path, "not a readable SVG image; export it again") from None
    if tree.docinfo.internalDTD is not None:
        raise UnreadablePicture(
            path,
            "an SVG that declares entities (<!ENTITY …>), which can read other files; "
            "export it again as plain SVG",
        )
    declarations: list[str] = []
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name.endswith("href") and not value.strip().startswith(("#", "data:")):
                raise UnreadablePicture(
                    path,
                    f"an SVG that links to another file ('{value[:60]}'); "
                    "embed the picture in the SVG instead",
                )
        declarations += [element.get("font-family") or "", *_css_families(element.get("style"))]
        if isinstance(element.tag, str) and element.tag.endswith("style"):
            declarations += _css_families(element.text)
    try:
        families = _family_names(declarations)
    except ValueError:  # svglib's own splitting fails on an unclosed quote or a stray "\\"
        raise UnreadablePicture(
            path,
            "an SVG with a font-family value that cannot be read (an unclosed quote or a stray "
            "backslash); export it again",
        ) from None
    if len(families) > MAX_SVG_FONTS:
        raise UnreadablePicture(
            path,
            f"an SVG that names {len(families):,} fonts (at most {MAX_SVG_FONTS}); its text is "
            "drawn in the handout's font anyway: export it with one font or with outlines",
        )
    return families


MAX_SVG_FONTS = 32
"""Distinct font names (svglib also tries each word of a name). Each is mapped to the brand's
four files, about 4 ms; a real logo names one or two."""


_CSS_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)")


def _css_families(css: str | None) -> list[str]:
    return _CSS_FAMILY.findall(css) if css else []


def _family_names(declarations: list[str]) -> set[str]:
    """Every name svglib would look up for these font-family values (its own splitting)."""
    from svglib.svglib import Svg2RlgAttributeConverter

    names: set[str] = set()
    for declaration in declarations:
        if declaration.strip():
            names.update(Svg2RlgAttributeConverter.split_font_family_list(declaration))
    return {name for name in names if name.strip()}


def _check_png(path: Path) -> None:
    """Read only the header: a tiny file can claim billions of pixels."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        raise UnreadablePicture(path, TOO_LARGE.format(size="hundreds of millions of")) from None
    except (UnidentifiedImageError, OSError):
        raise UnreadablePicture(path, "not a readable PNG image; export it again") from None
    if width * height > MAX_PIXELS:
        raise UnreadablePicture(path, TOO_LARGE.format(size=f"{width * height:,}"))
