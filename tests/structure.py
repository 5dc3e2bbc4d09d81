"""Reads a PDF the way a screen reader does: the structure tree in order, and the text each
element's marked content carries. Also finds text that is neither tagged nor an artifact.

Written for the fonts ReportLab embeds (single-byte codes with a ToUnicode map), with pikepdf.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]+)>")


@dataclass
class Element:
    role: str
    text: str = ""
    alt: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    kids: list[Element] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all_text(self) -> str:
        return " ".join(t for t in [self.text, *(k.all_text() for k in self.kids)] if t)


@dataclass
class PageText:
    by_mcid: dict[int, str]
    untagged: str
    """Text shown outside both MCID sequences and artifacts: must be empty."""
    artifact: str


def _unicode_map(font: pikepdf.Object) -> dict[int, str]:
    data = font.ToUnicode.read_bytes()
    mapping = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in _BFCHAR.findall(section):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return mapping


def _page_text(page: pikepdf.Page) -> PageText:
    fonts = page.Resources.get("/Font", {})
    maps: dict[str, dict[int, str]] = {}
    stack: list[int | str | None] = []  # MCID, "artifact", or None (other marked content)
    texts: dict[int, list[str]] = {}
    untagged: list[str] = []
    artifact: list[str] = []
    current: dict[int, str] = {}

    def where() -> list[str]:
        for entry in reversed(stack):
            if entry == "artifact":
                return artifact
            if isinstance(entry, int):
                return texts.setdefault(entry, [])
        return untagged

    def show(data: bytes) -> None:
        where().append("".join(current.get(b, "\ufffd") for b in data))

    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC":
            tag, props = operands
            if str(tag) == "/Artifact":
                stack.append("artifact")
            elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                stack.append(int(props.MCID))
            else:
                stack.append(None)
        elif op == "BMC":
            stack.append("artifact" if str(operands[0]) == "/Artifact" else None)
        elif op == "EMC":
            stack.pop()
        elif op == "Tf":
            name = str(operands[0])
            if name not in maps:
                maps[name] = _unicode_map(fonts[name])
            current = maps[name]
        elif op in ("Tj", "'", '"'):
            show(bytes(operands[-1]))
        elif op == "TJ":
            show(b"".join(bytes(x) for x in operands[0] if isinstance(x, pikepdf.String)))
        if op in ("Td", "TD", "T*", "'", '"', "Tm", "ET"):
            where().append(" ")
        elif op in ("re", "l", "c", "Do", "BI") and where() is untagged:
            untagged.append(f"<{op}>")  # drawing outside tagged content and artifacts

    def clean(parts: list[str]) -> str:
        return " ".join("".join(parts).split())

    return PageText(
        {mcid: clean(parts) for mcid, parts in texts.items()}, clean(untagged), clean(artifact)
    )


@dataclass
class Tagged:
    root: Element
    pages: list[PageText]
    lang: str
    marked: bool


def read(source: Path | bytes) -> Tagged:
    pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    page_numbers = {page.objgen: index for index, page in enumerate(pdf.pages)}
    pages = [_page_text(page) for page in pdf.pages]

    def element(obj: pikepdf.Object) -> Element:
        attributes = {}
        if "/A" in obj:
            attributes = {str(k)[1:]: str(v)[1:] for k, v in obj.A.items()}
        node = Element(
            str(obj.S)[1:], alt=str(obj.Alt) if "/Alt" in obj else None, attributes=attributes
        )
        kids = obj.get("/K", [])
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        parts = []
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                page = page_numbers[kid.Pg.objgen]
                node.pages.add(page)
                parts.append(pages[page].by_mcid.get(int(kid.MCID), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                node.pages.add(page_numbers[kid.Pg.objgen])
            elif isinstance(kid, int):
                page = page_numbers[obj.Pg.objgen]
                parts.append(pages[page].by_mcid.get(int(kid), ""))
            else:
                node.kids.append(element(kid))
        node.text = " ".join(p for p in parts if p)
        return node

    tree = pdf.Root.StructTreeRoot
    root = Element("StructTreeRoot")
    kids = tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]
    root.kids = [element(kid) for kid in kids]
    mark_info = pdf.Root.get("/MarkInfo", {})
    return Tagged(root, pages, str(pdf.Root.get("/Lang", "")), bool(mark_info.get("/Marked")))


def leaves(tree: Element) -> list[tuple[str, str]]:
    """(role, text) of every element that carries text itself, in reading order."""
    return [(e.role, e.text) for e in tree.walk() if e.text]
