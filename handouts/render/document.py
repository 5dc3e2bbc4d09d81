"""Stage 4 of the pipeline: flowables to PDF bytes, with page furniture and metadata.

"Page N of M" needs M before the last page exists. Rather than laying the document out twice,
each footer draws a form XObject named for its page, and the forms are written once the page
count is known (ReportLab allows a form to be used before it is defined).

The canvas also carries the `Tagger` (see tagging.py): every page opens as an artifact, tagged
flowables mark their content, and the structure tree is written when the canvas saves.

ReportLab's settings (`reportlab.rl_config`: RL_* environment variables, ~/.reportlab_settings)
cannot change our bytes: see `check_reportlab_settings`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import os
import sys
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, LayoutError, PageTemplate
from reportlab.platypus import Paragraph as RLParagraph

from handouts.content import markup
from handouts.content.fields import fill
from handouts.content.library import Handout
from handouts.content.markup import escape
from handouts.errors import ContentError, ContentErrors, HandoutsError
from handouts.render.flowables import KeepWithFirstLines
from handouts.render.fonts import register
from handouts.render.images import UnreadablePicture
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

    def init_graphics_state(self) -> None:
        super().init_graphics_state()
        # Pages start black, whatever rl_config.canvas_baseColor (RL_canvas_baseColor) says.
        self._fillColorObj = self._strokeColorObj = (0, 0, 0)

    def drawText(self, aTextObject: Any) -> None:
        super().drawText(aTextObject)
        # ReportLab's bullet drawer ends with this call, before the paragraph draws its own
        # text: the first text drawn after a list item's label opens is its bullet or number.
        self.tagger.label_drawn(self)

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
            self.drawRightString(0, 0, fill(label.template, page=page, pages=pages))
            self.endForm()
        super().save()


class _IndentedFrame(Frame):
    """A frame that splits flowables at the width it will draw them at.

    The body runs indented (an `Indenter` makes room for the rail), and ReportLab's Frame.add
    wraps at the indented width while Frame.split asks for a split at the frame's full width:
    a paragraph split over two pages was broken into full-width lines, then refused ("Splitting
    error") or drawn into the margin.
    """

    def split(self, flowable: Any, canv: Any) -> Any:
        frame: Any = self  # ReportLab's attributes are untyped
        full = frame._aW
        frame._aW = frame._getAvailableWidth()
        try:
            return super().split(flowable, canv)
        finally:
            frame._aW = full


class _HandoutDoc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, handout: Handout, styles: Styles):
        theme = styles.theme
        condition = handout.condition
        self.handout = handout
        self.current_block = "(top of page 1)"
        self.styles = styles
        self.furniture = handout.language.furniture
        locations = " &nbsp;·&nbsp; ".join(
            f"{escape(loc.name)}&nbsp;<b>{escape(loc.phone).replace(' ', '&nbsp;')}</b>"
            for loc in handout.locations
        )
        call = handout.call_label  # the brand's words for as many clinics as this copy lists
        self.footer = RLParagraph(f"{escape(call)} {locations}", styles.footer)
        width, height = theme.page_size
        self.footer.wrap(width - 2 * theme.margin, height)
        # Footer, bottom up: the revised/page line, then the clinics, then a rule.
        self.footer_height = theme.leading(theme.footer_size) + self.footer.height
        bottom = theme.footer_margin + self.footer_height + 16
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
            pageCompression=1,
            lang=handout.language.pdf_lang,
            displayDocTitle=1,
            initialFontName=styles.regular,
            keepTogetherClass=KeepWithFirstLines,
            initialFontSize=theme.body_size,
        )
        # Frames pad 6 pt inside the margins by default; the margins are the real ones.
        frame = _IndentedFrame(
            self.leftMargin, self.bottomMargin, self.width, self.height,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
            overlapAttachedSpace=1,
        )  # fmt: skip
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._draw_page)])
        self.running_title = markup.plain(condition.title)

    def handle_flowable(self, flowables: list[Any]) -> None:
        # Remember which block is being placed, so a layout error can name it.
        if flowables:
            self.current_block = getattr(flowables[0], "block_id", self.current_block)
        super().handle_flowable(flowables)

    fills: list[float]
    first_blocks: list[str]

    def afterFlowable(self, flowable: Any) -> None:
        # The first thing drawn on each page names the block a page-fill warning points to.
        blocks = self.__dict__.setdefault("first_blocks", [])
        if len(blocks) < self.page:
            block = getattr(flowable, "block_id", self.current_block)
            blocks.append("" if block == "(top of page 1)" else block)

    def handle_pageEnd(self) -> None:
        frame = self.frame
        used = (frame._y2 - frame._y) / (frame._y2 - frame._y1)
        self.__dict__.setdefault("fills", []).append(round(min(max(used, 0.0), 1.0), 4))
        super().handle_pageEnd()

    def _draw_page(self, canvas: Any, doc: Any) -> None:
        self._draw_footer(canvas, doc)
        if canvas.getPageNumber() > 1:
            self._draw_running_title(canvas)

    def _draw_running_title(self, canvas: Any) -> None:
        """The handout's title, small, at the top of page 2 on: a page that comes loose from
        its sheet still says what it is about. An artifact, like all page furniture."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        theme, styles = self.styles.theme, self.styles
        title, size = self.running_title, theme.footer_size
        while stringWidth(title, styles.regular, size) > theme.text_width:  # a long title: cut
            title = title[: len(title) - 2].rstrip(" …") + "…"
        y = theme.page_size[1] - theme.header_margin
        canvas.saveState()
        canvas.setFont(styles.regular, size)
        canvas.setFillColor(HexColor(styles.colours.text))
        canvas.drawString(theme.margin, y, title)
        canvas.setStrokeColor(HexColor(styles.colours.accent))
        canvas.setLineWidth(0.75)
        canvas.line(theme.margin, y - 6, theme.margin + theme.text_width, y - 6)
        canvas.restoreState()

    def _draw_footer(self, canvas: Any, doc: Any) -> None:
        canvas.tagger.begin_page(canvas)  # the page opens as an artifact: the footer is one
        theme = self.styles.theme
        colours = self.styles.colours
        width, _ = theme.page_size
        left, right = theme.margin, width - theme.margin
        top = theme.footer_margin + self.footer_height + 6
        canvas.saveState()
        canvas.setStrokeColor(HexColor(colours.accent))
        canvas.setLineWidth(1)
        canvas.line(left, top, right, top)
        self.footer.drawOn(canvas, left, top - 4 - self.footer.height)
        canvas.setFont(self.styles.regular, theme.footer_size)
        canvas.setFillColor(HexColor(colours.text))
        revised = self.furniture.revised_label(self.handout.revised)
        canvas.drawString(left, theme.footer_margin, revised)
        if self.handout.draft:  # under it, in the margin: signing changes no page's layout
            below = theme.footer_margin - theme.leading(theme.footer_size)
            canvas.drawString(left, below, self.furniture.draft)
        canvas.translate(right, theme.footer_margin)
        canvas.doForm(f"page-{canvas.getPageNumber()}")
        canvas.restoreState()


def keywords_of(handout: Handout) -> list[str]:
    """The PDF's keywords: the condition's, then the clinic's name (for search)."""
    return list(dict.fromkeys([*handout.condition.keywords, handout.brand.name]))


def render_document(handout: Handout, theme: Theme | None = None) -> RenderedHandout:
    """Lay out and write one handout in memory (same inputs, same bytes)."""
    return lay_out_document(handout, theme).finish()


@dataclass(frozen=True)
class LaidOut:
    """A handout laid out on its pages, not yet written: its page count and how full each page
    is are known, and writing the PDF (a third of a render: the structure tree, font subsets,
    compression) is left to `finish`, for the one layout of several that is kept
    (copy-fitting), or for none (check's page counts)."""

    pages: int
    fills: tuple[float, ...]
    first_blocks: tuple[str, ...]
    frame_height: float
    line_height: float
    _canvas: Any
    _buffer: io.BytesIO

    def finish(self) -> RenderedHandout:
        self._canvas.save()
        return RenderedHandout(
            self._buffer.getvalue(), self.pages, self.fills, self.first_blocks,
            self.frame_height, self.line_height,
        )  # fmt: skip


def lay_out_document(handout: Handout, theme: Theme | None = None) -> LaidOut:
    """Lay one handout out on its pages, drawn on a canvas that is not yet saved."""
    check_reportlab_settings()
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

    doc._doSave = 0  # BaseDocTemplate's switch: LaidOut.finish saves the canvas
    try:
        doc.build(lay_out(handout, styles, document), canvasmaker=canvas_maker)
    except LayoutError:
        block = doc.current_block
        at = handout.origin(block if block != "(top of page 1)" else "")
        what = f"block '{block}'" if block != "(top of page 1)" else "the title and message"
        message = (
            f"{what} of handout '{handout.condition.slug}' has a part (a picture, table row, "
            "box or list item) taller than a page; make it smaller or split it into parts"
        )
        raise ContentErrors([ContentError(at.path, at.line, at.column, message)]) from None
    except UnreadablePicture as exc:  # passed the checks, then changed while the build ran
        at = handout.origin(doc.current_block)
        message = f"a picture of block '{doc.current_block}' is {exc.reason}; build again"
        raise ContentErrors([ContentError(at.path, at.line, at.column, message)]) from None
    frame = doc.pageTemplates[0].frames[0]
    blocks = tuple(getattr(doc, "first_blocks", ()))
    return LaidOut(
        doc.page, tuple(getattr(doc, "fills", ())), blocks + ("",) * (doc.page - len(blocks)),
        frame._aH, theme.leading(theme.body_size), doc.canv, buffer,
    )  # fmt: skip


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


PROCESS_WIDE_SETTINGS: dict[str, tuple[str, ...]] = {
    # setting: the modules it is read from (some copy it when first imported); what it changes
    "invariant": ("reportlab.rl_config",),  # drawing operators' order; whether comments are written
    "useA85": ("reportlab.rl_config",),  # stream filters
    "wrapA85": ("reportlab.rl_config",),
    "pdfMultiLine": ("reportlab.rl_config",),  # object layout in the file
    "pdfComments": ("reportlab.rl_config",),
    "shapeChecking": ("reportlab.rl_config", "reportlab.graphics.shapes"),  # SVG and QR drawing
    "paraFontSizeHeightOffset": ("reportlab.platypus.paragraph",),  # each paragraph's baseline
    "_FUZZ": (
        "reportlab.rl_config", "reportlab.platypus.paragraph", "reportlab.platypus.flowables",
        "reportlab.lib.textsplit",
    ),  # layout tolerance: where lines and pages break
    "listWrapOnFakeWidth": ("reportlab.platypus.flowables",),  # kept-together groups' width
    "allowTableBoundsErrors": ("reportlab.rl_config",),  # an oversized part: error or not
    "defCWRF": ("reportlab.rl_config",),  # table column widths
    "imageReaderFlags": ("reportlab.rl_config",),  # anything but 0: ReportLab reads no PNG
}  # fmt: skip


def check_reportlab_settings() -> None:
    """Refuse to render when a ReportLab setting that would change our PDFs is not its default.

    ReportLab reads its settings (`reportlab.rl_config`) once, at import: its defaults, then
    ~/.reportlab_settings, then RL_* environment variables. Those it takes per document or per
    object we set ourselves, so they cannot change our output: pageCompression and invariant
    (the document above), canvas_baseColor (the canvas), overlapAttachedSpace (the frame),
    ttfAsciiReadable (render/fonts.py), showBoundary (each drawing) and the paragraph settings
    (hyphenation, link underlines, space shrinkage: render/styles.py).

    The settings in `PROCESS_WIDE_SETTINGS` ReportLab reads only for the whole process, several
    copied into its modules at import. Setting them back for our documents alone is impossible:
    a scoped override would change them under other code in the same process (and miss the
    copies). So when one differs from ReportLab's default we refuse, naming it, rather than write
    PDFs that differ from every other build's. Every such setting is named at once, one per
    line, so a user fixes them in one round.
    """
    from reportlab import rl_settings

    problems = []
    for name, modules in PROCESS_WIDE_SETTINGS.items():
        default = getattr(rl_settings, name)
        for module in modules:
            value = getattr(sys.modules.get(module), name, default)
            if value != default:
                problems.append(_setting_message(name, value, default))
                break
    if problems:
        raise HandoutsError("\n".join(problems))


def _setting_message(name: str, value: object, default: object) -> str:
    variable = f"RL_{name}"
    if variable in os.environ:
        where, fix = f"the environment variable {variable} sets it", f"unset {variable}"
    else:
        where = "a ReportLab settings file such as ~/.reportlab_settings, or other code, sets it"
        fix = "set it back to the default there"
    return (
        f"ReportLab's setting {name} is {value!r}, not its default {default!r} ({where}); it "
        "would change the handouts' PDFs, and ReportLab applies it to the whole process, so "
        f"handouts cannot set it back for its own files: {fix} and run again"
    )
