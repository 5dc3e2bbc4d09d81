"""Reading logo files (SVG as vector art through svglib, PNG through ReportLab), checked early.

`check` loads the logo too, so a corrupt or unreadable file is a content error before any
build, never a traceback halfway through one.

Text in an SVG is always set in the handout's font family, the only one embedded in the PDF,
keeping its weight and slant. svglib would otherwise look for a font file named like the family
in the working directory, then ask fontconfig, then fall back to Helvetica (not embedded): the
same build gave different PDFs (DejaVu Sans) depending on where it was run. So each conversion
gets its own svglib font map (`BrandFontMap`) that answers every family with the brand's, and
svglib's process-wide map, which other code may use, is never touched.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
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
    work: int = 0
    """svglib's elements for an SVG (copies included), for the budget of a whole build."""
    raster_bytes: int = 0
    """RGB(A) bytes of the pixels it holds (a PNG, or an SVG's embedded pictures)."""
    text: tuple[tuple[str, str], ...] = ()
    """(style, characters) of an SVG's text, drawn in the brand font: Regular, Bold, …"""

    @property
    def is_vector(self) -> bool:
        return not hasattr(self.drawable, "getSize")


MAX_IMAGE_BYTES = 5_000_000


class OverBudget(UnreadablePicture):
    """Reading this picture would take the run's pictures past their budget (`kind`: 'work'
    or 'raster'); render/preflight.py words it, naming every picture's share."""

    def __init__(self, path: Path, kind: str):
        self.kind = kind
        super().__init__(path, f"over the {kind} budget of the run's pictures")


@dataclass
class Budget:
    """What the pictures one run reads may still cost, spent before each costly step."""

    work: int
    raster_bytes: int

    def spend(self, path: Path, work: int, raster_bytes: int) -> None:
        self.work -= work
        self.raster_bytes -= raster_bytes
        if self.work < 0:
            raise OverBudget(path, "work")
        if self.raster_bytes < 0:
            raise OverBudget(path, "raster")


_loaded: dict[tuple[Path | bytes, int, int, FontFamily], Picture] = {}
"""Pictures already read in this process: `check` and every handout that shows a figure would
otherwise parse the same SVG again (about 7 ms). An SVG is known by its bytes' digest (it may
link to no other file, so the same bytes draw the same picture wherever they are: a copied or
reloaded folder reuses it); a PNG by its path, modification time and size (its reader reads
the file when drawn, and render/rasters.py keeps only the newest pixels)."""
MAX_LOADED = 64


def load_picture(path: Path, font: FontFamily, budget: Budget | None = None) -> Picture:
    """Read an SVG or PNG; raise HandoutsError naming the file if it cannot be used.

    `font` is the handout's family: an SVG's text is drawn in it. `budget`, if given, pays for
    it (before svglib or the decoder run), or OverBudget is raised."""
    try:
        stat = path.stat()
    except OSError:
        raise UnreadablePicture(path, "not a readable file") from None
    key: tuple[Path | bytes, int, int, FontFamily] = (path, stat.st_mtime_ns, stat.st_size, font)
    if path.suffix.lower() == ".svg" and S_ISREG(stat.st_mode) and stat.st_size <= MAX_IMAGE_BYTES:
        key = (_digest(path), 0, stat.st_size, font)
    picture = _loaded.get(key)
    if picture is not None and budget is not None:
        budget.spend(path, picture.work, picture.raster_bytes)
    if picture is None:
        picture = _read_picture(path, stat.st_size, font, budget)
        if len(_loaded) >= MAX_LOADED:
            _loaded.pop(next(iter(_loaded)))
        _loaded[key] = picture
    return picture


def _digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        raise UnreadablePicture(path, "not a readable file") from None


def _read_picture(path: Path, size: int, font: FontFamily, budget: Budget | None) -> Picture:
    from handouts.render.document import check_reportlab_settings

    check_reportlab_settings()  # RL_imageReaderFlags would make every PNG "unreadable"
    if size > MAX_IMAGE_BYTES:
        raise UnreadablePicture(path, f"larger than {MAX_IMAGE_BYTES // 1_000_000} MB; shrink it")
    if path.suffix.lower() == ".svg":
        return _read_svg(path, font, budget)
    from handouts.render.rasters import PngFileReader, RasterProblem, check_pixels, read_header

    try:
        header = read_header(path)
        if budget is not None:
            budget.spend(path, 0, header.cost)
        check_pixels(path)
    except RasterProblem as exc:
        raise UnreadablePicture(path, str(exc)) from None
    except OSError:
        raise UnreadablePicture(path, "not a readable file") from None
    reader = PngFileReader(path, header)
    return Picture(reader, float(header.width), float(header.height), 0, header.cost)


def _read_svg(path: Path, font: FontFamily, budget: Budget | None) -> Picture:
    """Check the file (render/svgcheck.py), let svglib draw it, check the drawing."""
    from lxml import etree

    from handouts.render.svgcheck import (
        SvgProblem,
        check_pixels,
        check_tree,
        precount,
    )

    unreadable = "not a readable SVG image; export it again"
    try:
        precount(path)
    except SvgProblem as exc:
        raise UnreadablePicture(path, str(exc)) from None
    except (etree.XMLSyntaxError, OSError):
        raise UnreadablePicture(path, unreadable) from None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.parse(str(path), parser)
    except (etree.XMLSyntaxError, OSError):
        raise UnreadablePicture(path, unreadable) from None
    if tree.docinfo.internalDTD is not None:
        raise UnreadablePicture(
            path,
            "an SVG that declares entities (<!ENTITY …>), which can read other files; "
            "export it again as plain SVG",
        )
    elements = list(tree.getroot().iter("*"))
    _check_links(path, elements)
    _check_fonts(path, elements)
    try:
        facts = check_tree(tree.getroot())
    except SvgProblem as exc:
        raise UnreadablePicture(path, str(exc)) from None
    del tree
    if budget is not None:
        budget.spend(path, facts.elements, sum(facts.rasters.values()))
    try:
        check_pixels(facts)
    except SvgProblem as exc:
        raise UnreadablePicture(path, str(exc)) from None
    try:
        from svglib.svglib import svg2rlg

        from handouts.render.fonts import register

        register(font)  # svglib measures text (centred labels) with the brand's fonts
        drawing = svg2rlg(str(path), font_map=brand_font_map(font))
        if drawing is None:
            raise ValueError("no drawing")
    except Exception:  # any parser failure means the same thing to the user
        raise UnreadablePicture(path, unreadable) from None
    from handouts.render.svgdrawing import drawing_problem

    problem = drawing_problem(drawing)
    if problem:
        raise UnreadablePicture(path, problem)
    text = _use_brand_fonts(drawing, font)
    raster_bytes = sum(facts.rasters.values())
    return Picture(
        drawing, float(drawing.width), float(drawing.height), facts.elements, raster_bytes,
        tuple(sorted(text.items())),
    )  # fmt: skip


def brand_font_map(font: FontFamily) -> Any:
    """A font map of our own for one svglib conversion: every family is the brand's."""
    from svglib.fonts import FontMap

    class BrandFontMap(FontMap):  # type: ignore[misc]
        def find_font(
            self, font_name: str, weight: str = "normal", style: str = "normal"
        ) -> tuple[str, bool]:
            return font.name(_brand_style(weight, style)), True

    return BrandFontMap()


def _brand_style(weight: object, style: object) -> str:
    """Regular, Bold, Italic or BoldItalic, from font-weight and font-style alone: a family
    name never sets the style ('AtkinsonHyperlegible-Bold' alone is Regular; the pinned PDFs
    draw the shipped figure's labels so)."""
    bold = _is_bold(weight)
    italic = str(style).strip().lower() in ("italic", "oblique")
    return ("Bold" if bold else "") + ("Italic" if italic else "") or "Regular"


def _is_bold(weight: object) -> bool:
    value = str(weight).strip().lower()
    return value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600)


_STANDARD = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
"""ReportLab's built-in (never embedded) fonts: what svglib gives text with no family or a
generic one (sans-serif, serif, monospace)."""


def _use_brand_fonts(drawing: Any, font: FontFamily) -> dict[str, str]:
    """Move text left in a built-in font (a drawing's default) to the brand family, keeping
    bold and italic; return the characters drawn in each style. On the way, each embedded
    picture is swapped for one that keeps only its encoded bytes (render/rasters.py)."""
    from reportlab.graphics.shapes import Image, String

    from handouts.render.rasters import EmbeddedRaster

    styles = {font.name(style): style for style in STYLES}
    text: dict[str, set[str]] = {}
    nodes = [drawing]
    while nodes:
        node = nodes.pop()
        if isinstance(node, String):
            name = node.fontName
            if name.startswith(_STANDARD):
                bold = "Bold" in name
                italic = "Italic" in name or "Oblique" in name
                style = ("Bold" if bold else "") + ("Italic" if italic else "")
                node.fontName = font.name(style or "Regular")
            text.setdefault(styles.get(node.fontName, "Regular"), set()).update(node.text)
        elif isinstance(node, Image) and hasattr(node.path, "mode"):
            node.path = EmbeddedRaster(node.path)
        nodes.extend(reversed(getattr(node, "contents", ())))
    return {style: "".join(sorted(chars)) for style, chars in text.items()}


def _check_links(path: Path, elements: list[Any]) -> None:
    """svglib resolves no entities, but loads linked images and SVGs: only a fragment (#id) or
    a data: URI may be named."""
    for element in elements:
        for name, value in element.attrib.items():
            if name.endswith("href") and not value.strip().startswith(("#", "data:")):
                raise UnreadablePicture(
                    path,
                    f"an SVG that links to another file ('{value[:60]}'); "
                    "embed the picture in the SVG instead",
                )


def _check_fonts(path: Path, elements: list[Any]) -> None:
    """Font names svglib cannot read, or too many (attributes, style attributes, <style>)."""
    from svglib.svglib import Svg2RlgAttributeConverter

    declarations: list[str] = []
    for element in elements:
        declarations += [element.get("font-family") or "", *_css_families(element.get("style"))]
        if isinstance(element.tag, str) and element.tag.endswith("style"):
            declarations += _css_families(element.text)
    names: set[str] = set()
    try:  # svglib's own splitting, which fails on an unclosed quote or a stray "\\"
        for declaration in declarations:
            if declaration.strip():
                names.update(Svg2RlgAttributeConverter.split_font_family_list(declaration))
    except ValueError:
        raise UnreadablePicture(
            path,
            "an SVG with a font-family value that cannot be read (an unclosed quote or a stray "
            "backslash); export it again",
        ) from None
    families = {name for name in names if name.strip()}
    if len(families) > MAX_SVG_FONTS:
        raise UnreadablePicture(
            path,
            f"an SVG that names {len(families):,} fonts (at most {MAX_SVG_FONTS}); its text is "
            "drawn in the handout's font anyway: export it with one font or with outlines",
        )


MAX_SVG_FONTS = 32
"""Distinct font names (svglib also tries each word of a name). A real logo names one or two;
hundreds mean a broken export."""
_CSS_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)")


def _css_families(css: str | None) -> list[str]:
    return _CSS_FAMILY.findall(css) if css else []
