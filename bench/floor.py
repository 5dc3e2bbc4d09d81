"""The floors: what bare ReportLab spends on the same handout, with no YAML and no validation.

Two of them, both for the migraine handout:
- `text_floor_render`: only its words, as plain paragraphs in one body and one heading style.
  The lightest possible floor; `bench.py` reports the pipeline against it too.
- `handout_floor_render`: the same page a minimal hand-written ReportLab script would make for
  this handout: the same fonts (regular, bold, embedded), sizes and colours, the coloured band,
  the message box, headings, paragraphs with bold words, bullet lists (the long one in two
  columns), numbered steps, the "When to call" box (its title on a red band), questions, the
  two clinic cards, the body in a column beside a rail with the sections' icons (the same SVG
  files, read once by svglib), a running title from page 2, and a footer with both phone
  numbers and "Page N of M" (the usual two-pass canvas recipe). What it
  leaves out is what the engine adds on top: YAML, validation, the PDF/UA structure tree,
  bookmarks, keep-with-next rules and the checks. The issue's targets were set from "a
  comparable 2-page handout" that bare ReportLab makes in about 16 ms; this is that script.

Run alone (`python bench/floor.py OUTDIR`) it makes the cold single-document floor.
`python bench/floor.py --regenerate` rewrites bench/floor-handout.json from the content.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "fonts" / "AtkinsonHyperlegible-Regular.ttf"
BOLD = ROOT / "fonts" / "AtkinsonHyperlegible-Bold.ttf"
HANDOUT = ROOT / "bench" / "floor-handout.json"
TEXT = ROOT / "bench" / "floor-text.txt"


def _register() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Floor" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Floor", str(FONT)))
        pdfmetrics.registerFont(TTFont("Floor-Bold", str(BOLD)))
        addMapping("Floor", 0, 0, "Floor")
        addMapping("Floor", 1, 0, "Floor-Bold")
        addMapping("Floor", 0, 1, "Floor")
        addMapping("Floor", 1, 1, "Floor-Bold")


def text_floor_render(handout: Any = None) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    _register()
    text = TEXT.read_text(encoding="utf-8").split("\n\n")
    body = ParagraphStyle("b", fontName="Floor", fontSize=13, leading=17.55, spaceAfter=8)
    head = ParagraphStyle("h", fontName="Floor-Bold", fontSize=17, leading=23, spaceBefore=16)
    story = [Paragraph(t, head if len(t) < 60 else body) for t in text]
    buffer = io.BytesIO()
    margin = 54
    doc = SimpleDocTemplate(buffer, leftMargin=margin, rightMargin=margin, invariant=1)
    doc.build(story)
    return buffer.getvalue()


_icons: dict[str, Any] = {}


def _icon(name: str) -> Any:
    """An icon's drawing, read once per process (as the engine does)."""
    if name not in _icons:
        from svglib.svglib import svg2rlg

        _icons[name] = svg2rlg(str(ROOT / "handouts" / "render" / "icons" / f"{name}.svg"))
    return _icons[name]


def handout_floor_render(handout: Any = None) -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.lib.colors import HexColor, white
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        Indenter,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    _register()
    rail, icon_size = 100.8, 22.0

    class IconParagraph(Paragraph):
        """A paragraph with an icon left of its first line (a section's, a box's)."""

        def __init__(self, text: str, style: Any, icon: str, dx: float):
            super().__init__(text, style)
            self.icon, self.dx = _icon(icon), dx

        def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
            canvas.saveState()
            top = y + self.height - 0.65 * self.style.fontSize
            canvas.translate(x + self.dx, top - icon_size / 2)
            canvas.scale(icon_size / self.icon.width, icon_size / self.icon.height)
            renderPDF.draw(self.icon, canvas, 0, 0, showBoundary=False)
            canvas.restoreState()
            super().drawOn(canvas, x, y, _sW)

    data = json.loads(HANDOUT.read_text(encoding="utf-8"))
    primary, accent, ink = (HexColor(data["colours"][k]) for k in ("primary", "accent", "text"))
    tint = HexColor("#E0EEEC")
    body = ParagraphStyle(
        "body", fontName="Floor", fontSize=13, leading=16.9, textColor=ink, spaceAfter=8,
        bulletFontName="Floor", bulletFontSize=13,
    )  # fmt: skip
    bullet = ParagraphStyle("bullet", body, leftIndent=22, bulletIndent=4, spaceAfter=4)
    step = ParagraphStyle("step", body, leftIndent=30, bulletIndent=0, spaceAfter=6)
    bold = ParagraphStyle("bold", body, fontName="Floor-Bold", spaceAfter=2)
    title = ParagraphStyle(
        "title", body, fontName="Floor-Bold", fontSize=22, leading=27.2, spaceBefore=16,
        spaceAfter=12,
    )  # fmt: skip
    heading = ParagraphStyle(
        "heading", body, fontName="Floor-Bold", fontSize=17, leading=20.4, textColor=primary,
        spaceBefore=14, spaceAfter=4,
    )  # fmt: skip
    message = ParagraphStyle("message", body, fontName="Floor-Bold", fontSize=14, spaceAfter=0)
    band_name = ParagraphStyle(
        "band", body, fontName="Floor-Bold", fontSize=20, leading=24.7, textColor=white,
        spaceAfter=0,
    )  # fmt: skip
    band_tagline = ParagraphStyle("tagline", body, textColor=white, spaceAfter=0)
    card_phone = ParagraphStyle("phone", bold, fontSize=16, leading=20.8, spaceAfter=0)
    footer = ParagraphStyle("footer", body, fontSize=12, leading=15.6, spaceAfter=0)

    # ReportLab's trap: a Table falls back to Helvetica (not embedded) unless told otherwise.
    FONT_NAME = ("FONTNAME", (0, 0), (-1, -1), "Floor")

    def box(rows: list[list[Any]], bar: bool) -> Table:
        table = Table(rows, colWidths=["100%"])
        red = HexColor("#B3261E")
        line = (
            [("LINEBEFORE", (0, 0), (0, -1), 4, accent)]
            if bar
            else [("BOX", (0, 0), (-1, -1), 1.25, red), ("LINEBEFORE", (0, 0), (0, -1), 6, red),
                  ("BACKGROUND", (0, 0), (-1, 0), red)]
        )  # fmt: skip
        table.setStyle(
            TableStyle(
                [FONT_NAME, ("BACKGROUND", (0, 0), (-1, -1), tint),
                 ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                 ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                 *line]
            )
        )  # fmt: skip
        return table

    band = Table(
        [[Paragraph(data["brand"], band_name)], [Paragraph(data["tagline"], band_tagline)]],
        colWidths=["100%"],
    )
    band.setStyle(
        TableStyle(
            [FONT_NAME, ("BACKGROUND", (0, 0), (-1, -1), primary),
             ("LEFTPADDING", (0, 0), (-1, -1), 14), ("TOPPADDING", (0, 0), (-1, -1), 6),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
        )
    )  # fmt: skip
    story: list[Any] = [band, Paragraph(data["title"], title)]
    story += [box([[Paragraph(data["message"], message)]], bar=True), Spacer(0, 8)]
    story.append(Indenter(left=rail))
    for block in data["blocks"]:
        kinds = {part["kind"] for part in block["parts"]}
        if "contacts" in kinds or "faq" in kinds:
            icon = "phone" if "contacts" in kinds else "question"
            story.append(IconParagraph(block["heading"], heading, icon, -(icon_size + 14)))
        else:
            story.append(Paragraph(block["heading"], heading))
        for part in block["parts"]:
            kind, texts = part["kind"], part["texts"]
            if kind == "paragraph":
                story.append(Paragraph(texts[0], body))
            elif kind == "bullets":
                items = [Paragraph(t, bullet, bulletText="•") for t in texts]
                if len(items) >= 4:
                    half = (len(items) + 1) // 2
                    left, right = items[:half], items[half:]
                    rows = [[a, right[i] if i < len(right) else ""] for i, a in enumerate(left)]
                    table = Table(rows, colWidths=["50%", "50%"], hAlign="LEFT")
                    table.setStyle(TableStyle([FONT_NAME, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
                    story.append(table)
                else:
                    story += items
            elif kind == "steps":
                for number, text in enumerate(texts, start=1):
                    story.append(Paragraph(text, step, bulletText=f"{number}."))
            elif kind == "callout":
                white_bold = ParagraphStyle(
                    "warning", bold, textColor=HexColor("#FFFFFF"), leftIndent=icon_size + 14
                )
                rows = [[IconParagraph(texts[0], white_bold, "emergency", 0)]]
                rows += [[Paragraph(t, bullet, bulletText="•")] for t in texts[1:]]
                story += [Spacer(0, 4), box(rows, bar=False), Spacer(0, 8)]
            elif kind == "faq":
                for question, answer in zip(texts[::2], texts[1::2], strict=True):
                    story += [Paragraph(question, bold), Paragraph(answer, body)]
            elif kind == "contacts":
                story += [Paragraph(t, body) for t in texts]
                cards = [
                    box([[Paragraph(name, bold)], [Paragraph(phone, card_phone)]], bar=True)
                    for name, phone in data["locations"]
                ]
                cards_table = Table([cards], colWidths=["50%", "50%"])
                cards_table.setStyle(TableStyle([FONT_NAME]))
                story.append(cards_table)
            else:  # the floor is drawn by hand, kind by kind: it must not silently skip one
                raise ValueError(f"floor.py has no hand-written drawing for a '{kind}' part")

    margin = 54
    phones = Paragraph(data["footer"], footer)

    class NumberedCanvas(Canvas):
        """ReportLab's usual recipe for "Page N of M": keep each page, number them at save."""

        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self.pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self.pages)
            for state in self.pages:
                self.__dict__.update(state)
                self.setFont("Floor", 12)
                self.drawRightString(
                    self._pagesize[0] - margin, margin, data["page"].format(page=self._pageNumber,
                                                                           pages=total)
                )  # fmt: skip
                super().showPage()
            super().save()

    def furniture(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(accent)
        canvas.line(margin, margin + 44, doc.pagesize[0] - margin, margin + 44)
        phones.wrapOn(canvas, doc.width, 100)
        phones.drawOn(canvas, margin, margin + 20)
        canvas.setFont("Floor", 12)
        canvas.drawString(margin, margin, data["revised"])
        if canvas.getPageNumber() > 1:  # the running title
            canvas.drawString(margin, doc.pagesize[1] - 30, data["title"])
            canvas.line(
                margin, doc.pagesize[1] - 36, doc.pagesize[0] - margin, doc.pagesize[1] - 36
            )
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin + 56,
        invariant=1, title=data["title"], initialFontName="Floor",
    )  # fmt: skip
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def regenerate() -> None:
    """Write floor-handout.json from the migraine handout (the only use of the engine here):
    each part as its kind and its text, as the part itself says (handouts/parts/)."""
    sys.path.insert(0, str(ROOT))
    from handouts import load_library
    from handouts.content import markup

    library = load_library(ROOT / "content")
    handout = library.handout("migraine")

    def rich(text: str) -> str:
        return markup.to_reportlab(text, "#1F4E79")

    blocks = [
        {
            "heading": markup.escape(block.heading),
            "parts": [
                {"kind": part.kind, "texts": [rich(text) for text in part.texts()]}
                for part in block.body
            ],
        }
        for block in handout.blocks
    ]
    furniture = handout.language.furniture
    phones = " · ".join(f"{loc.name} <b>{loc.phone}</b>" for loc in handout.locations)
    data = {
        "brand": markup.escape(handout.brand.name),
        "tagline": markup.escape(handout.tagline or ""),
        "colours": handout.brand.colours.model_dump(),
        "title": markup.escape(handout.condition.title),
        "message": rich(handout.condition.message),
        "blocks": blocks,
        "locations": [[loc.name, loc.phone] for loc in handout.locations],
        "footer": f"{markup.escape(furniture.call)} {phones}",
        "revised": furniture.revised.format(date=furniture.format_date(handout.revised)),
        "page": furniture.page,
    }
    HANDOUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# The floor bench.py compares the pipeline with.
floor_render = handout_floor_render


if __name__ == "__main__":
    if sys.argv[1:] == ["--regenerate"]:
        regenerate()
    else:
        out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
        (out / "floor.pdf").write_bytes(floor_render())
