"""Stage 4 of the pipeline: flowables to PDF bytes, with page furniture and metadata.

"Page N of M" needs M before the last page exists. Rather than laying the document out twice,
each footer draws a form XObject named for its page, and the forms are written once the page
count is known (ReportLab allows a form to be used before it is defined).

The canvas also carries the `Tagger` (see tagging.py): every page opens as an artifact, tagged
flowables mark their content, and the structure tree is written when the canvas saves.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, LayoutError, PageTemplate
from reportlab.platypus import Paragraph as RLParagraph

from handouts.content import markup
from handouts.content.library import Handout
from handouts.content.markup import escape
from handouts.errors import HandoutsError
from handouts.render.flowables import KeepWithFirstLines
from handouts.render.fonts import register
from handouts.render.result import RenderedHandout
from handouts.render.story import lay_out
from handouts.render.styles import Styles, make_styles
from handouts.render.tagging import DocumentInfo, StructElement, Tagger
from handouts.render.theme import Theme
from handouts.version import __version__

CREATOR = f"handouts {__version__}"


@dataclass(frozen=True)
class PageLabel:
    template: str
    font: str
    size: float
    colour: str


class _HandoutCanvas(Canvas):
    """A canvas that tags what is drawn, and writes each page's 'Page N of M' form and the
    structure tree once the last page is done."""

    label: PageLabel
    tagger: Tagger
    info: DocumentInfo

    def showPage(self) -> None:
        self.tagger.end_page(self)
        super().showPage()

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> None:
        super()._addAnnotation(annotation, name, addtopage)
        self.tagger.annotation(annotation, name or f"NUMBER{self._annotationCount}")

    def save(self) -> None:
        label = self.label
        pages = self.getPageNumber() - 1
        self.tagger.write(self, self.info)
        for page in range(1, pages + 1):
            self.beginForm(f"page-{page}", lowerx=-300, lowery=-4, upperx=0, uppery=label.size + 4)
            self.setFont(label.font, label.size)
            self.setFillColor(HexColor(label.colour))
            self.drawRightString(0, 0, label.template.format(page=page, pages=pages))
            self.endForm()
        super().save()


class _HandoutDoc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, handout: Handout, styles: Styles):
        theme = styles.theme
        condition = handout.condition
        self.handout = handout
        self.current_block = "(top of page 1)"
        self.styles = styles
        self.furniture = furniture = handout.language.furniture
        locations = " &nbsp;·&nbsp; ".join(
            f"{escape(loc.name)}&nbsp;<b>{escape(loc.phone).replace(' ', '&nbsp;')}</b>"
            for loc in handout.locations
        )
        self.footer = RLParagraph(f"{escape(furniture.call)} {locations}", styles.footer)
        width, height = theme.page_size
        self.footer.wrap(width - 2 * theme.margin, height)
        # Footer, bottom up: the revised/page line, then the clinics, then a rule.
        self.footer_height = theme.leading(theme.footer_size) + self.footer.height
        bottom = theme.margin + self.footer_height + 16
        super().__init__(
            buffer,
            pagesize=theme.page_size,
            leftMargin=theme.margin,
            rightMargin=theme.margin,
            topMargin=theme.margin,
            bottomMargin=bottom,
            title=condition.title,
            author=handout.brand.name,
            subject=markup.plain(condition.message),
            keywords=keywords_of(handout),
            creator=CREATOR,
            invariant=1,
            lang=handout.language.pdf_lang,
            displayDocTitle=1,
            initialFontName=styles.regular,
            keepTogetherClass=KeepWithFirstLines,
            initialFontSize=theme.body_size,
        )
        # Frames pad 6 pt inside the margins by default; the margins are the real ones.
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
        )  # fmt: skip
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._draw_footer)])

    def handle_flowable(self, flowables: list[Any]) -> None:
        # Remember which block is being placed, so a layout error can name it.
        if flowables:
            self.current_block = getattr(flowables[0], "block_id", self.current_block)
        super().handle_flowable(flowables)

    def _draw_footer(self, canvas: Any, doc: Any) -> None:
        canvas.tagger.begin_page(canvas)  # the page opens as an artifact: the footer is one
        theme = self.styles.theme
        colours = self.styles.colours
        width, _ = theme.page_size
        left, right = theme.margin, width - theme.margin
        top = theme.margin + self.footer_height + 6
        canvas.saveState()
        canvas.setStrokeColor(HexColor(colours.accent))
        canvas.setLineWidth(1)
        canvas.line(left, top, right, top)
        self.footer.drawOn(canvas, left, top - 4 - self.footer.height)
        canvas.setFont(self.styles.regular, theme.footer_size)
        canvas.setFillColor(HexColor(colours.text))
        revised = self.furniture.revised.format(
            date=self.furniture.format_date(self.handout.revised)
        )
        canvas.drawString(left, theme.margin, revised)
        canvas.translate(right, theme.margin)
        canvas.doForm(f"page-{canvas.getPageNumber()}")
        canvas.restoreState()


def keywords_of(handout: Handout) -> list[str]:
    """The PDF's keywords: the condition's, then the clinic's name (for search)."""
    return list(dict.fromkeys([*handout.condition.keywords, handout.brand.name]))


def render_document(handout: Handout, theme: Theme | None = None) -> RenderedHandout:
    """Lay out and write one handout in memory (same inputs, same bytes)."""
    theme = theme or Theme()
    furniture = handout.language.furniture
    register(handout.font)
    styles = make_styles(theme, handout.brand.colours, handout.font)
    buffer = io.BytesIO()
    doc = _HandoutDoc(buffer, handout, styles)
    document = StructElement("Document")
    condition = handout.condition

    def canvas_maker(*args: Any, **kwargs: Any) -> _HandoutCanvas:
        canvas = _HandoutCanvas(*args, **kwargs)
        canvas.label = PageLabel(
            furniture.page, styles.regular, theme.footer_size, handout.brand.colours.text
        )
        canvas.tagger = Tagger(document)
        canvas.info = DocumentInfo(
            title=condition.title,
            author=handout.brand.name,
            subject=markup.plain(condition.message),
            lang=handout.language.pdf_lang,
            creator=CREATOR,
        )
        _date_from_content(canvas, handout.revised)
        canvas.showOutline()
        return canvas

    try:
        doc.build(lay_out(handout, styles, document), canvasmaker=canvas_maker)
    except LayoutError:
        raise HandoutsError(
            f"handout '{handout.condition.slug}': block '{doc.current_block}' has a part "
            "(a table row, box or list item) taller than a page; split it into smaller parts"
        ) from None
    return RenderedHandout(buffer.getvalue(), doc.page)


def _date_from_content(canvas: Canvas, revised: dt.date) -> None:
    """Stamp the PDF with the content's revision date, never the clock or SOURCE_DATE_EPOCH.

    ReportLab's invariant mode fixes the dates to 2000-01-01, or to $SOURCE_DATE_EPOCH when
    that is set, which would make the bytes depend on the environment. Its timestamp and ID
    seed are private attributes of the canvas's document; this is the one place we touch them.
    """
    stamp = canvas._doc._timeStamp
    seconds = calendar.timegm(revised.timetuple())
    stamp.t = seconds
    stamp.lt = stamp.YMDhms = (revised.year, revised.month, revised.day, 0, 0, 0)
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    canvas._doc.signature = hashlib.md5(
        f"handouts {revised.isoformat()}".encode(), usedforsecurity=False
    )
