"""An SVG checked before svglib reads it, and the drawing svglib makes checked before any page.

Before: the parsed tree (lxml, no entities, no network, libxml2's own depth limit) must not
read other files (entities, links), must name few fonts, and must ask svglib for a bounded
amount of work. svglib copies what a `<use>` or a clip path refers to once per reference (a 2
KB file of `<use>` nested 8 deep asked for 10^8 elements), looks each style up through every
enclosing element, and parses every number: so the elements, the nesting, the numbers and the
text are counted on the tree, copies included, without making any copy (`_Work`); and
svglib's own `float()` takes 'nan', 'inf' and '1e999', so every number is read first (`_NUMBER`)
and must be finite and under `MAX_NUMBER`. Pictures embedded as data: URIs are judged by their
header with the PNG budget (render/rasters.py), each time they are drawn.

After svglib: render/svgdrawing.py checks the drawing it returns.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.render.rasters import MAX_RASTER_BYTES, RasterProblem, decode, read_header

MAX_ELEMENTS = 1_500
"""Elements svglib makes, each `<use>` and clip-path copy counted: a logo has tens, a detailed
diagram hundreds. svglib takes about a millisecond for each."""
MAX_DEPTH = 12
"""Elements nested in elements (copies included): svglib looks styles up through each level."""
MAX_USE_NESTING = 5
"""A `<use>` of something holding a `<use>` of …: icon sets nest two or three."""
MAX_NUMBERS = 100_000
"""Numbers in attributes (path data, points, transforms), copies included."""
MAX_TEXT = 10_000
"""Characters of text, copies included: labels, not paragraphs."""
MAX_STYLE = 50_000
"""Characters of CSS in `<style>` elements."""
MAX_NUMBER = 1e9
"""Any number in the SVG (a coordinate, a size, a transform's factor)."""

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_DATA_URI = re.compile(r"^data:image/(jpe?g|png);base64")  # what svglib decodes, as it does
_URL_REF = re.compile(r"url\(\s*['\"]?#([^)'\"]+)['\"]?\s*\)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_UNDERSCORED = re.compile(r"[-+]?[\d_.]*\d_\d[\d_.]*(?:[eE][-+]?[\d_]+)?")
_UNITS = "px|pt|pc|mm|cm|in|em|ex|ch|rem|vw|vh|vmin|vmax|q|deg|rad|grad|turn|%"
_WORD = re.compile(rf"(?i)(?<![\w#.])[-+]?(?:nan|inf(?:inity)?)(?:{_UNITS})?(?![\w.])")
_COLOUR_OR_ID = re.compile(r"#[\w-]*")
_FONT_FAMILY = re.compile(r"font-family\s*:[^;}]*")
_CSS_DECLARATION = re.compile(r"[\w-]+\s*:\s*([^;{}]*)")
_NOT_NUMERIC = {
    "id", "class", "href", "font-family", "lang", "role", "type", "media", "title", "target",
    "requiredFeatures", "requiredExtensions", "systemLanguage", "version", "baseProfile",
}  # fmt: skip
_TEXT = {"text", "tspan", "textPath"}


class SvgProblem(Exception):
    """What is wrong with an SVG, worded for the content editor."""


@dataclass
class SvgFacts:
    """What the checks learnt: the work svglib will do, and the pictures it embeds."""

    elements: int = 0
    raster_bytes: int = 0
    rasters: dict[bytes, int] = field(default_factory=dict)
    """Each embedded picture's bytes and its RGB(A) cost (once per distinct picture)."""


EMBEDDED = "PNG or JPEG"


def check_pixels(facts: SvgFacts) -> None:
    """Decode each embedded picture once, so a damaged one is found before any page."""
    for data in facts.rasters:
        try:
            decode(data, EMBEDDED)
        except RasterProblem as exc:
            raise SvgProblem(f"an SVG with an embedded picture that is {exc}") from None


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def precount(path: Path) -> None:
    """Count elements and nesting while lxml parses, stopping at the first one too many: a
    file of 170,000 elements is refused after reading 1,501 of them."""
    from lxml import etree

    events = etree.iterparse(
        str(path), events=("start", "end"), resolve_entities=False, no_network=True,
        load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    count = depth = 0
    for event, _ in events:
        if event == "end":
            depth -= 1
            continue
        count += 1
        depth += 1
        if count > MAX_ELEMENTS:
            raise SvgProblem(_too_many_elements())
        if depth > MAX_DEPTH:
            raise SvgProblem(_too_deep())


def _too_many_elements() -> str:
    return (
        f"an SVG of more than {MAX_ELEMENTS:,} elements, once its <use> and clip-path copies "
        "are made; simplify it or save it as PNG"
    )


def _too_deep() -> str:
    return (
        f"an SVG with elements nested more than {MAX_DEPTH} deep, <use> copies included; "
        "ungroup it or save it as PNG"
    )


def check_tree(root: Any) -> SvgFacts:
    """Every check on the parsed tree, in order; raises SvgProblem with the first problem."""
    elements = list(root.iter("*"))
    facts = SvgFacts()
    work = _Work(elements, facts)
    facts.elements = work.total.elements
    _check_root_size(root)
    return facts


def _check_root_size(root: Any) -> None:
    view_box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        numbers = [float(v) for v in view_box]
    except ValueError:
        return  # svglib ignores a viewBox that is not numbers, as browsers do
    if len(numbers) == 4 and (numbers[2] <= 0 or numbers[3] <= 0):
        raise SvgProblem(
            f"an SVG whose viewBox ('{' '.join(view_box)}') has no width or height; give it "
            'a positive width and height, e.g. viewBox="0 0 200 100"'
        )


@dataclass
class _Cost:
    elements: int = 0
    numbers: int = 0
    text: int = 0
    raster: int = 0
    depth: int = 0
    uses: int = 0

    def add(self, other: _Cost) -> None:
        self.elements += other.elements
        self.numbers += other.numbers
        self.text += other.text
        self.raster += other.raster


class _Work:
    """The work svglib will do for the tree, copies included, counted without copying: each
    element's cost is its own plus its children's plus that of what it refers to (`<use>`,
    `<image href="#…">`, `clip-path`), computed once per element (so a cost of 10^12 takes
    microseconds), in an order that needs no recursion."""

    def __init__(self, elements: list[Any], facts: SvgFacts):
        self.facts = facts
        self.index = {element: n for n, element in enumerate(elements)}
        self.ids: dict[str, int] = {}
        for n, element in enumerate(elements):
            if element.get("id"):
                self.ids.setdefault(element.get("id"), n)
        self.style = 0
        self.costs: list[_Cost | None] = [None] * len(elements)
        self.elements = elements
        self.total = self._cost(0)
        self._judge(self.total)

    def _edges(self, n: int) -> tuple[list[int], list[int]]:
        """(children, what it refers to) of element n."""
        element = self.elements[n]
        children = [self.index[child] for child in element.iterchildren("*")]
        refers = []
        href = element.get(XLINK_HREF) or element.get("href") or ""
        if href.startswith("#") and local(element.tag) in ("use", "image"):
            refers.append(href[1:])
        match = _URL_REF.search(element.get("clip-path") or "")
        if match:
            refers.append(match.group(1))
        return children, [self.ids[name] for name in refers if name in self.ids]

    def _cost(self, start: int) -> _Cost:
        state = [0] * len(self.elements)  # 0 new, 1 open (on the path), 2 done
        stack = [start]
        while stack:
            n = stack[-1]
            children, refers = self._edges(n)
            if state[n] == 0:
                state[n] = 1
                for m in children + refers:
                    if state[m] == 1:
                        raise SvgProblem(
                            "an SVG whose <use> or clip-path refers to itself or to an element "
                            "that holds it; export it again"
                        )
                    if state[m] == 0:
                        stack.append(m)
                continue
            stack.pop()
            if state[n] == 2:
                continue
            cost = self._own(self.elements[n])
            nested = 0
            for m in children:
                child = self.costs[m]
                assert child is not None
                cost.add(child)
                nested = max(nested, child.depth)
                cost.uses = max(cost.uses, child.uses)
            for m in refers:
                target = self.costs[m]
                assert target is not None
                cost.add(target)
                nested = max(nested, target.depth)
                cost.uses = max(cost.uses, target.uses + 1)
            cost.depth = nested + 1
            self.costs[n] = cost
            state[n] = 2
            self._judge(cost)
        result = self.costs[start]
        assert result is not None
        return result

    def _own(self, element: Any) -> _Cost:
        cost = _Cost(elements=1)
        name = local(element.tag)
        for attribute, value in element.attrib.items():
            key = local(attribute)
            if (
                attribute.startswith("{")
                or key in _NOT_NUMERIC
                or key.startswith(("data-", "aria-"))
            ):
                if key == "href" and value.startswith("data:"):
                    cost.raster += self._embedded(value)
                continue
            if key == "style":
                value = _FONT_FAMILY.sub("", value)
            cost.numbers += _numbers(value, f"{key} of <{name}>", element.sourceline)
        if name == "style":
            css = element.text or ""
            self.style += len(css)
            if self.style > MAX_STYLE:
                raise SvgProblem(
                    f"an SVG with {self.style:,} characters of CSS in <style> (at most "
                    f"{MAX_STYLE:,}); export it with presentation attributes instead"
                )
            for declaration in _CSS_DECLARATION.findall(_FONT_FAMILY.sub("", css)):
                cost.numbers += _numbers(declaration, "<style>", element.sourceline)
        if name in _TEXT:
            cost.text += len(element.text or "")
            cost.text += sum(len(child.tail or "") for child in element.iterchildren())
        return cost

    def _embedded(self, uri: str) -> int:
        """The RGB(A) cost of a data: URI svglib would decode (0 for what it ignores)."""
        match = _DATA_URI.match(uri)
        if not match:
            return 0
        try:  # exactly as svglib decodes it
            data = base64.decodebytes(uri[match.end() + 1 :].encode("ascii"))
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise SvgProblem(
                "an SVG with an embedded picture whose data cannot be read; export it again"
            ) from None
        if data not in self.facts.rasters:
            try:
                self.facts.rasters[data] = read_header(data, EMBEDDED).cost
            except RasterProblem as exc:
                raise SvgProblem(f"an SVG with an embedded picture that is {exc}") from None
        return self.facts.rasters[data]

    def _judge(self, cost: _Cost) -> None:
        if cost.elements > MAX_ELEMENTS:
            raise SvgProblem(_too_many_elements())
        if cost.depth > MAX_DEPTH:
            raise SvgProblem(_too_deep())
        if cost.uses > MAX_USE_NESTING:
            raise SvgProblem(
                f"an SVG with <use> inside <use> {cost.uses} levels deep (at most "
                f"{MAX_USE_NESTING}); export it again with the copies made, or as PNG"
            )
        if cost.numbers > MAX_NUMBERS:
            raise SvgProblem(
                f"an SVG with more than {MAX_NUMBERS:,} numbers in its shapes, copies "
                "included; simplify it or save it as PNG"
            )
        if cost.text > MAX_TEXT:
            raise SvgProblem(
                f"an SVG with more than {MAX_TEXT:,} characters of text, copies included; "
                "put long text in the handout instead"
            )
        if cost.raster > MAX_RASTER_BYTES:
            raise SvgProblem(
                f"an SVG whose embedded pictures, copies included, take more than "
                f"{MAX_RASTER_BYTES // 1_000_000} MB as pixels (a 4000 x 4000 picture); "
                "embed smaller pictures"
            )


def _numbers(value: str, where: str, line: int | None) -> int:
    """How many numbers svglib will read in one value; raises SvgProblem for one that is not
    finite or too large for a page, as svglib's float() would read it."""
    at = f" (line {line})" if line else ""
    word = _WORD.search(value)
    if word:
        raise SvgProblem(
            f"an SVG with '{word.group()[:20]}' as a number in the {where}{at}; use a finite number"
        )
    value = _COLOUR_OR_ID.sub(" ", value)
    found = _NUMBER.findall(value)
    for text in found + _UNDERSCORED.findall(value):
        if len(text) > 9 or "e" in text or "E" in text or "_" in text:
            try:
                number = float(text)
            except ValueError:
                continue
            if not abs(number) <= MAX_NUMBER:
                raise SvgProblem(
                    f"an SVG with the number '{text[:20]}' in the {where}{at}, beyond "
                    f"{MAX_NUMBER:,.0f}; use ordinary sizes and positions"
                )
    return len(found)
