"""Reading logo files (SVG as vector art through svglib, PNG through ReportLab), checked early.

`check` loads the logo too, so a corrupt or unreadable file is a content error before any
build, never a traceback halfway through one.

Text in an SVG is set in the handout's font family, the only one embedded in the PDF. svglib
would otherwise look for a font file named like the family in the working directory, then ask
fontconfig, then fall back to Helvetica: the same build gave different PDFs (DejaVu Sans,
Helvetica not embedded) depending on where it was run. So the brand family is mapped before
any SVG is read, and an SVG whose text asks for any other font is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError, display_path
from handouts.fonts import STYLES, FontFamily


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
    if path.suffix.lower() == ".svg":
        _check_svg(path)
    else:
        _check_png(path)
    try:
        if path.suffix.lower() == ".svg":
            from svglib.svglib import svg2rlg

            _map_svg_fonts(font)
            drawing = svg2rlg(str(path))
            if drawing is None or not drawing.width or not drawing.height:
                raise ValueError("no drawing with a size")
            others = _fonts_used(drawing) - {font.name(style) for style in STYLES}
            if others:
                raise UnreadablePicture(
                    path,
                    f"an SVG with text in another font than the handout's ({font.family}); "
                    f'set font-family="{font.family}" on its text, or convert the text to '
                    "outlines when you export it",
                )
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


_svg_families: set[FontFamily] = set()


def _map_svg_fonts(font: FontFamily) -> None:
    """Let SVG text name the family ('Atkinson Hyperlegible', with font-weight and font-style)
    or one of its ReportLab names ('AtkinsonHyperlegible-Bold'); once per family (and its
    files) and process."""
    if font in _svg_families:
        return
    from svglib.fonts import register_font

    for style, path in zip(STYLES, font.files, strict=True):
        weight = "bold" if "Bold" in style else "normal"
        slant = "italic" if "Italic" in style else "normal"
        name = font.name(style)
        register_font(font.family, str(path), weight, slant, rlgFontName=name)
        register_font(name, str(path), rlgFontName=name)
    _svg_families.add(font)


def _fonts_used(node: Any) -> set[str]:
    from reportlab.graphics.shapes import String

    if isinstance(node, String):
        return {node.fontName}
    used: set[str] = set()
    for child in getattr(node, "contents", ()):
        used |= _fonts_used(child)
    return used


def _check_svg(path: Path) -> None:
    """Refuse what could make an SVG read other files: entity declarations (XXE) and links
    to files. svglib does not resolve entities, but it does load linked images."""
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
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name.endswith("href") and not value.strip().startswith(("#", "data:")):
                raise UnreadablePicture(
                    path,
                    f"an SVG that links to another file ('{value[:60]}'); "
                    "embed the picture in the SVG instead",
                )


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
