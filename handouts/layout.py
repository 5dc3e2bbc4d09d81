"""Stage 3 of the pipeline: a handout's content to ReportLab flowables, one renderer per part.

Renderers register themselves by part type, so adding a part touches one model and one function.
Sizes and colours come from `Styles`; nothing here hard-codes a font or a colour.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from handouts import markup
from handouts.images import Picture, load_picture
from handouts.markup import escape, quoteattr
from handouts.models import (
    Bullets,
    Callout,
    Contacts,
    Diary,
    Faq,
    Figure,
    Location,
    Paragraph,
    Steps,
    Table,
    WriteIn,
)
from handouts.styles import Styles
from handouts.tagging import StructElement, Tagged
from handouts.validate import Handout, figure_path

PartT = TypeVar("PartT")
COLUMN_HEADER = {"O": "Table", "Scope": "Column"}
ROW_HEADER = {"O": "Table", "Scope": "Row"}
Renderer = Callable[[Any, "Context"], list[Flowable]]
RENDERERS: dict[type, Renderer] = {}


def renders(
    part_type: type[PartT],
) -> Callable[[Callable[[PartT, Context], list[Flowable]]], Renderer]:
    def register(function: Callable[[PartT, Context], list[Flowable]]) -> Renderer:
        RENDERERS[part_type] = function
        return function

    return register


class _Whole:
    """Moves to the next page rather than split; only something taller than half a page splits.

    ReportLab's KeepTogether would do this too, but a heading's keepWithNext does not bind to
    a KeepTogether (it is a container), so headings could end a page. This keeps both rules.
    """

    max_height: float

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        height = self.wrap(available_width, available_height)[1]  # type: ignore[attr-defined]
        if height <= self.max_height:
            return []
        return super().split(available_width, available_height)  # type: ignore[misc]


class Para(Tagged, RLParagraph):
    """ReportLab's Paragraph, tagged, remembering its line breaks for the last width.

    Frames, keep-together groups and splits wrap the same paragraph at the same width several
    times, and each wrap breaks the lines again: the largest cost in a handout's layout.
    """

    def __init__(
        self,
        text: Any,
        style: Any,
        tag: StructElement | None = None,
        label: StructElement | None = None,
        **kwargs: Any,
    ):
        super().__init__(text, style, **kwargs)
        self.tag = tag
        self.label = label

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        # Both pieces belong to the same element; only the first carries the bullet.
        pieces: list[Flowable] = super().split(available_width, available_height)
        for index, piece in enumerate(pieces):
            piece.tag = self.tag  # type: ignore[attr-defined]
            piece.label = self.label if index == 0 else None  # type: ignore[attr-defined]
        return pieces

    _wrapped: tuple[float, tuple[float, float], Any] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        cached = self._wrapped
        if cached is not None and cached[0] == available_width:
            self.width, self.height = cached[1]
            self.blPara = cached[2]
            return cached[1]
        size = super().wrap(available_width, available_height)
        self._wrapped = (available_width, (self.width, self.height), self.blPara)
        return size


class WholeParagraph(_Whole, Para):
    """ReportLab rebuilds split pieces through self.__class__, so max_height has a default."""

    def __init__(self, text: Any, style: Any, max_height: float = 0.0, **kwargs: Any):
        super().__init__(text, style, **kwargs)
        self.max_height = max_height


class WholeTable(_Whole, RLTable):
    def __init__(self, rows: list[Any], max_height: float, **kwargs: Any):
        super().__init__(rows, **kwargs)
        self.max_height = max_height


class KeepWithFirstLines(KeepTogether):
    """Keep-with-next that lets the last flowable of the group split.

    ReportLab's own KeepTogether moves a heading and its whole following paragraph to the
    next page when both do not fit, leaving a gap. This keeps the heading (and any lead-in)
    with the first lines of that paragraph instead; if the paragraph cannot split there, or
    the last flowable refuses to split (list items, boxes), it falls back to moving them all.
    """

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        *lead, last = self._content
        used = 0.0
        for index, flowable in enumerate(lead):
            height = flowable.wrap(available_width, available_height)[1]
            used += height + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if index else 0)
        room = available_height - used - last.getSpaceBefore() - 1  # 1 pt for rounding
        if lead and room > 0 and self._fits_whole(available_width, available_height) is False:
            parts = last.split(available_width, room)
            if len(parts) >= 2:
                return [*lead, *parts]
        return super().split(available_width, available_height)  # type: ignore[no-any-return]

    def _fits_whole(self, available_width: float, available_height: float) -> bool:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        return bool(available_height >= self._H)


class Context:
    """What a renderer needs besides its part: styles, the clinics this copy lists, and the
    structure element (the block's section) its parts' elements go in."""

    def __init__(
        self,
        styles: Styles,
        locations: tuple[Location, ...],
        website: str | None,
        scan: str,
        root: Path,
        section: StructElement,
    ):
        self.root = root
        self.styles = styles
        self.locations = locations
        self.website = website
        self.scan = scan
        self.section = section
        self.max_whole = styles.theme.page_size[1] / 2

    def para(
        self, text: str, style: Any, parent: StructElement | None = None, role: str = "P",
        **kwargs: Any,
    ) -> Para:  # fmt: skip
        """A paragraph from content text, tagged as a new `role` element in `parent` (the
        section unless given): markup translated, everything else escaped."""
        element = (parent or self.section).add(role, text=markup.plain(text))
        markup_text = markup.to_reportlab(text, self.styles.colours.primary)
        return Para(markup_text, style, tag=element, **kwargs)

    def whole(self, text: str, style: Any, tag: StructElement, **kwargs: Any) -> WholeParagraph:
        """A paragraph (list item, answer) that is never split over two pages."""
        markup_text = markup.to_reportlab(text, self.styles.colours.primary)
        return WholeParagraph(markup_text, style, self.max_whole, tag=tag, **kwargs)

    def list_items(
        self,
        items: list[str],
        style: Any,
        labels: list[str],
        numbering: str,
        *,
        whole: bool,
        made: list[Para] | None = None,
    ) -> list[Para]:
        """List items as L > LI > (Lbl, LBody): the bullet or number is the label. `made`:
        paragraphs already built for these items (and measured), to tag rather than rebuild."""
        element = self.section.add("L", attributes={"O": "List", "ListNumbering": numbering})
        paragraphs: list[Para] = []
        for index, (text, label) in enumerate(zip(items, labels, strict=True)):
            item = element.add("LI")
            lbl = item.add("Lbl")
            body = item.add("LBody", text=markup.plain(text))
            if made is not None:
                para: Para = made[index]
                para.tag = body
            elif whole:
                para = self.whole(text, style, body, bulletText=label)
            else:
                markup_text = markup.to_reportlab(text, self.styles.colours.primary)
                para = Para(markup_text, style, tag=body, bulletText=label)
            para.label = lbl
            paragraphs.append(para)
        return paragraphs


class Heading(Para):
    """A heading (H1, H2 …) that also becomes a bookmark in the PDF outline."""

    def __init__(self, text: str, style: Any, level: int, key: str, parent: StructElement):
        super().__init__(escape(text), style, tag=parent.add(f"H{level + 1}", text=text))
        self.outline_text = text
        self.outline_level = level
        self.outline_key = key

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.outline_key, 0, self.height)
        self.canv.addOutlineEntry(self.outline_text, self.outline_key, self.outline_level)
        super().draw()


class BrandBand(Flowable):
    """The coloured band that opens page 1: clinic name, tagline, and the logo if there is one."""

    padding = 12.0

    def __init__(
        self,
        name: str,
        tagline: str | None,
        logo: Path | None,
        styles: Styles,
        parent: StructElement,
    ):
        super().__init__()
        self.styles = styles
        self.name = Para(escape(name), styles.band_name, tag=parent.add("P", text=name))
        self.tagline = (
            Para(escape(tagline), styles.band_tagline, tag=parent.add("P", text=tagline))
            if tagline
            else None
        )
        self.logo = load_picture(logo, styles.font) if logo else None
        # The clinic's name is the logo's text alternative: it names what the logo shows.
        self.logo_tag = parent.add("Figure", alt=name) if logo else None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        logo_room = self._logo_box()[0] + self.padding if self.logo else 0
        text_width = available_width - 2 * self.padding - logo_room
        height = self.name.wrap(text_width, available_height)[1]
        if self.tagline:
            height += 4 + self.tagline.wrap(text_width, available_height)[1]
        self.height = max(height + 2 * self.padding, self.styles.theme.band_height)
        return self.width, self.height

    def _logo_box(self) -> tuple[float, float]:
        height = self.styles.theme.band_height - 2 * self.padding + 8
        if self.logo is None:
            return 0, 0
        ratio = self.logo.width / self.logo.height
        return min(height * ratio, 160), height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(HexColor(self.styles.colours.primary))
        canvas.roundRect(0, 0, self.width, self.height, 8, stroke=0, fill=1)
        y = self.height - self.padding
        y -= self.name.height
        self.name.drawOn(canvas, self.padding, y)
        if self.tagline:
            y -= 4 + self.tagline.height
            self.tagline.drawOn(canvas, self.padding, y)
        if self.logo:
            _draw_logo(
                canvas, self.logo, self._logo_box(), self.width - self.padding, self.height,
                self.styles.regular, self.logo_tag,
            )  # fmt: skip


def _draw_logo(
    canvas: Any,
    logo: Picture,
    box: tuple[float, float],
    right: float,
    band_height: float,
    font: str,
    tag: StructElement | None,
) -> None:
    """Draw the logo on a white rounded tile, so any logo reads on any brand colour."""
    box_width, box_height = box
    scale = min(box_width / logo.width, box_height / logo.height)
    w, h = logo.width * scale, logo.height * scale
    x = right - w
    y = (band_height - h) / 2
    canvas.setFillColor(HexColor("#FFFFFF"))
    canvas.roundRect(x - 6, y - 4, w + 12, h + 8, 5, stroke=0, fill=1)
    tagger = getattr(canvas, "tagger", None)
    with tagger.tagged(canvas, tag) if tagger and tag else contextlib.nullcontext():
        if not logo.is_vector:
            canvas.drawImage(logo.drawable, x, y, w, h, mask="auto")
        else:
            from reportlab.graphics import renderPDF

            canvas.saveState()
            canvas.translate(x, y)
            canvas.scale(scale, scale)
            logo.drawable.initialFontName = font  # else ReportLab's renderer sets Helvetica
            renderPDF.draw(logo.drawable, canvas, 0, 0)
            canvas.restoreState()


def _boxed(
    rows: list[list[Flowable]],
    styles: Styles,
    *,
    border: float,
    border_colour: str,
    left_bar: bool = False,
) -> RLTable:
    """A tinted box, kept on one page unless taller than half a page."""
    table = WholeTable(rows, styles.theme.page_size[1] / 2, colWidths=["100%"], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.regular),
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(styles.box_fill)),
        ("LEFTPADDING", (0, 0), (-1, -1), 14),
        ("RIGHTPADDING", (0, 0), (-1, -1), 14),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]
    if left_bar:
        commands.append(("LINEBEFORE", (0, 0), (0, -1), border, HexColor(border_colour)))
    else:
        commands.append(("BOX", (0, 0), (-1, -1), border, HexColor(border_colour)))
    table.setStyle(TableStyle(commands))
    return table


# ---- part renderers ------------------------------------------------------------------------


@renders(Paragraph)
def render_paragraph(part: Paragraph, ctx: Context) -> list[Flowable]:
    paragraph = ctx.para(part.text, ctx.styles.body)
    # A sentence that introduces a list stays with the list.
    paragraph.keepWithNext = markup.plain(part.text).rstrip().endswith(":")
    return [paragraph]


@renders(Bullets)
def render_bullets(part: Bullets, ctx: Context) -> list[Flowable]:
    labels = ["•"] * len(part.items)
    measured = _two_column_items(part.items, ctx)
    if measured is not None:
        items = ctx.list_items(
            part.items, ctx.styles.bullet, labels, "Disc", whole=False, made=measured
        )
        return [_two_columns(items, ctx), Spacer(0, ctx.styles.theme.gap / 2)]
    items = ctx.list_items(part.items, ctx.styles.bullet, labels, "Disc", whole=True)
    return [*items, Spacer(0, ctx.styles.theme.gap / 2)]


def _two_column_items(items: list[str], ctx: Context) -> list[Para] | None:
    """Four or more short items (mostly one line in half the width, none over two) read
    better side by side, and save paper. Returns their paragraphs, already broken into lines
    at the column width (the table reuses them), or None for one column."""
    if len(items) < 4:
        return None
    column = ctx.styles.theme.text_width / 2 - ctx.styles.theme.gap
    wrapping = 0
    paragraphs = []
    for item in items:
        markup_text = markup.to_reportlab(item, ctx.styles.colours.primary)
        paragraph = Para(markup_text, ctx.styles.column_bullet, bulletText="•")
        paragraph.wrap(column, 1000)
        lines = len(paragraph.blPara.lines)
        if lines > 2:
            return None
        wrapping += lines > 1
        paragraphs.append(paragraph)
    # Mostly one-liners: sentences read better in one column.
    return paragraphs if wrapping <= len(items) // 3 else None


def _two_columns(items: list[Para], ctx: Context) -> RLTable:
    """Items down the left column, then down the right, so reading order stays natural. Each
    column is one cell holding its items, so an item that wraps to two lines pushes down only
    its own column (rows paired across columns left gaps under one-line items)."""
    half = (len(items) + 1) // 2
    left, right = items[:half], items[half:]
    table = WholeTable([[left, right]], ctx.max_whole, colWidths=["50%", "50%"], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), ctx.styles.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), ctx.styles.theme.gap),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


@renders(Steps)
def render_steps(part: Steps, ctx: Context) -> list[Flowable]:
    labels = [f"{number}." for number in range(1, len(part.items) + 1)]
    items = ctx.list_items(part.items, ctx.styles.step, labels, "Decimal", whole=True)
    return [*items, Spacer(0, ctx.styles.theme.gap / 2)]


@renders(Callout)
def render_callout(part: Callout, ctx: Context) -> list[Flowable]:
    body = part.body
    styles = ctx.styles
    title = ctx.section.add("H3", text=body.title)
    rows: list[list[Flowable]] = [[Para(escape(body.title), styles.callout_title, tag=title)]]
    if body.text:
        rows.append([ctx.para(body.text, styles.body)])
    labels = ["•"] * len(body.items)
    items = ctx.list_items(body.items, styles.bullet, labels, "Disc", whole=False)
    rows.extend([item] for item in items)
    warning = body.tone == "warning"
    box = _boxed(
        rows,
        styles,
        border=3 if warning else 1.5,
        border_colour=styles.colours.text if warning else styles.colours.accent,
    )
    return [box, Spacer(0, styles.theme.gap)]


@renders(Faq)
def render_faq(part: Faq, ctx: Context) -> list[Flowable]:
    flowables: list[Flowable] = []
    for entry in part.entries:
        # The question's style keeps it with its answer; the answer never splits.
        flowables.append(ctx.para(entry.question, ctx.styles.question, role="H3"))
        answer = ctx.section.add("P", text=markup.plain(entry.answer))
        flowables.append(ctx.whole(entry.answer, ctx.styles.body, answer))
    return flowables


@renders(Table)
def render_table(part: Table, ctx: Context) -> list[Flowable]:
    styles = ctx.styles
    element = ctx.section.add("Table")
    head = element.add("TR")
    header = [
        Para(escape(cell), styles.table_header, tag=head.add("TH", attributes=COLUMN_HEADER))
        for cell in part.body.header
    ]
    rows = []
    for left, right in part.body.rows:
        row = element.add("TR")
        rows.append(
            [ctx.para(left, styles.body, row, "TD"), ctx.para(right, styles.body, row, "TD")]
        )
    table = RLTable([header, *rows], colWidths=["36%", "64%"], repeatRows=1, hAlign="LEFT")
    rule = HexColor(styles.colours.accent)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), HexColor(styles.box_fill)),
                ("LINEBELOW", (0, 0), (-1, 0), 1.5, rule),
                ("LINEBELOW", (0, 1), (-1, -1), 0.5, rule),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [table, Spacer(0, styles.theme.gap)]


@renders(Contacts)
def render_contacts(part: Contacts, ctx: Context) -> list[Flowable]:
    styles = ctx.styles
    flowables: list[Flowable] = []
    if part.intro:
        intro = ctx.para(part.intro, styles.body)
        intro.keepWithNext = True
        flowables.append(intro)
    cards = [_location_card(location, ctx) for location in ctx.locations]
    columns = 2 if len(cards) > 1 else 1
    rows: list[list[Flowable | str]] = [
        cards[i : i + columns] for i in range(0, len(cards), columns)
    ]  # type: ignore[misc]
    if len(rows[-1]) < columns:
        rows[-1] = [*rows[-1], ""]
    gap = styles.theme.gap
    table = WholeTable(
        rows, ctx.max_whole, colWidths=[f"{100 / columns:.4f}%"] * columns, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), gap),
            ]
        )
    )
    flowables.append(table)
    if ctx.website:
        flowables += [Spacer(0, styles.theme.gap), _website_with_qr(ctx.website, ctx)]
    return flowables


def _website_with_qr(url: str, ctx: Context) -> RLTable:
    """A QR code that opens the website, with the address printed beside it for those who
    cannot scan. Drawn as vector squares: sharp at any size, no image, no font."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    size = 1.0 * 72
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.initialFontName = ctx.styles.regular  # else ReportLab's renderer sets Helvetica
    styles = ctx.styles
    link = f"<a href={quoteattr(url)}><u>{escape(url)}</u></a>"
    words = [
        Para(escape(ctx.scan), styles.body, tag=ctx.section.add("P", text=ctx.scan)),
        Para(link, styles.card_name, tag=ctx.section.add("P", text=url)),
    ]
    table = WholeTable(
        [[FigureOf(drawing, ctx.section.add("Figure", alt=f"QR: {url}")), words]],
        ctx.max_whole,
        colWidths=[size + 12, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _location_card(location: Location, ctx: Context) -> RLTable:
    """One clinic as a tinted card: name, a tap-to-call phone number, address and hours."""
    styles = ctx.styles
    card = ctx.section.add("Div")
    phone = f"<a href={quoteattr(location.tel_url)}>{escape(location.phone)}</a>"
    lines: list[Flowable] = [
        Para(escape(location.name), styles.card_name, tag=card.add("P", text=location.name)),
        Para(phone, styles.card_phone, tag=card.add("P", text=location.phone)),
    ]
    lines += [
        Para(escape(extra), styles.card_detail, tag=card.add("P", text=extra))
        for extra in (location.address, location.hours)
        if extra
    ]
    table = RLTable([[line] for line in lines], colWidths=["100%"], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(styles.box_fill)),
                ("LINEBEFORE", (0, 0), (0, -1), 4, HexColor(styles.colours.accent)),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
            ]
        )
    )
    return table


# ---- pictures ------------------------------------------------------------------------------


class FigureOf(Tagged, Flowable):
    """Any flowable (a ReportLab Drawing refuses new attributes) tagged as a Figure."""

    def __init__(self, flowable: Flowable, tag: StructElement):
        super().__init__()
        self.flowable = flowable
        self.tag = tag

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.flowable.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self) -> None:
        self.flowable.drawOn(self.canv, 0, 0)


class PictureFlowable(Tagged, Flowable):
    """An SVG (as vector art) or PNG, scaled to a width, aspect ratio kept."""

    def __init__(self, picture: Picture, width: float, font: str):
        super().__init__()
        self.picture = picture
        self.draw_width = width
        self.font = font

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = min(self.draw_width, available_width)
        self.height = self.width * self.picture.height / self.picture.width
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if not self.picture.is_vector:
            canvas.drawImage(self.picture.drawable, 0, 0, self.width, self.height, mask="auto")
            return
        from reportlab.graphics import renderPDF

        scale = self.width / self.picture.width
        canvas.saveState()
        canvas.scale(scale, scale)
        self.picture.drawable.initialFontName = self.font  # else the renderer sets Helvetica
        renderPDF.draw(self.picture.drawable, canvas, 0, 0)
        canvas.restoreState()


@renders(Figure)
def render_figure(part: Figure, ctx: Context) -> list[Flowable]:
    body = part.body
    styles = ctx.styles
    found = figure_path(ctx.root, body.image)
    assert not isinstance(found, str), found  # check_pictures reported it before any layout
    width = styles.theme.text_width * body.width / 100
    picture = PictureFlowable(load_picture(found, styles.font), width, styles.regular)
    picture.tag = ctx.section.add("Figure", alt=body.alt)
    caption = ctx.para(body.caption, styles.caption)
    table = WholeTable([[picture], [caption]], ctx.max_whole, colWidths=["100%"], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    return [table, Spacer(0, styles.theme.gap)]


# ---- fillable forms -----------------------------------------------------------------------

FORM_FONT = "Helvetica"
"""ReportLab's AcroForm fields accept only the standard 14 fonts; every reader has them built
in. Only text a patient types into a field uses it; everything printed stays in the brand font."""


class FormField(Tagged, Flowable):
    """A fill-in field filling its table cell (or box): invisible on paper, the cell's rules
    show instead. The tooltip is the field's accessible name; `tag` its Form element."""

    marks_content = False  # a field draws no page content, only its annotation

    def __init__(
        self,
        name: str,
        tooltip: str,
        height: float,
        tag: StructElement,
        *,
        multiline: bool = False,
    ):
        super().__init__()
        self.tag = tag
        self.name = name
        self.tooltip = tooltip
        self.field_height = height
        self.multiline = multiline

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.field_height

    def draw(self) -> None:
        self.canv.acroForm.textfield(
            name=self.name, tooltip=self.tooltip, x=0, y=0, relative=True,
            width=self.width, height=self.field_height, borderWidth=0,
            fillColor=None, borderColor=None, fontName=FORM_FONT,
            fontSize=0 if self.multiline else 11,  # 0: auto-size the many lines of a box
            fieldFlags="multiline" if self.multiline else "",
        )  # fmt: skip


@renders(Diary)
def render_diary(part: Diary, ctx: Context) -> list[Flowable]:
    body = part.body
    styles = ctx.styles
    row_height = styles.theme.leading(styles.theme.body_size) + 6
    widths = [1.0] + [c.width for c in body.columns]
    total = sum(widths)
    col_widths = [styles.theme.text_width * w / total for w in widths]
    flowables: list[Flowable] = []
    for week in range(1, body.weeks + 1):
        week_label = body.week.format(n=week)
        element = ctx.section.add("Table")
        head = element.add("TR")
        header = [
            Para(escape(text), styles.table_header, tag=head.add("TH", attributes=COLUMN_HEADER))
            for text in [week_label, *(c.label for c in body.columns)]
        ]
        rows: list[list[Any]] = [header]
        for day_in_week in range(1, 8):
            day = (week - 1) * 7 + day_in_week
            day_label = body.day.format(n=day)
            row = element.add("TR")
            day_cell = row.add("TH", attributes=ROW_HEADER)
            rows.append(
                [Para(escape(day_label), styles.card_detail, tag=day_cell)]
                + [
                    FormField(
                        f"diary_w{week}_d{day}_c{index}",
                        f"{week_label}, {day_label}: {column.tooltip}",
                        row_height - 4,
                        row.add("TD").add("Form"),
                    )
                    for index, column in enumerate(body.columns, start=1)
                ]
            )
        table = WholeTable(
            rows, ctx.max_whole, colWidths=col_widths, rowHeights=[None] + [row_height] * 7,
            repeatRows=1, hAlign="LEFT",
        )  # fmt: skip
        rule = HexColor(styles.colours.text)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BACKGROUND", (0, 0), (-1, 0), HexColor(styles.box_fill)),
                    ("GRID", (0, 0), (-1, -1), 0.75, rule),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        flowables += [table, Spacer(0, styles.theme.gap * 1.5)]
    return flowables


@renders(WriteIn)
def render_write_in(part: WriteIn, ctx: Context) -> list[Flowable]:
    body = part.body
    styles = ctx.styles
    line_height = styles.theme.leading(styles.theme.body_size) + 8
    label = Para(escape(body.label), styles.question, tag=ctx.section.add("P", text=body.label))
    box = RuledBox(body.lines, line_height, styles.colours.text)
    field = FormField(
        f"write_in_{_field_slug(body.label)}", body.tooltip, body.lines * line_height,
        ctx.section.add("Form"), multiline=True,
    )  # fmt: skip
    return [label, _Overlay(box, field), Spacer(0, styles.theme.gap)]


def _field_slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower())[:40]


class RuledBox(Flowable):
    """Ruled lines in a box, to write on by hand."""

    def __init__(self, lines: int, line_height: float, colour: str):
        super().__init__()
        self.lines = lines
        self.line_height = line_height
        self.colour = colour

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.lines * self.line_height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(HexColor(self.colour))
        canvas.setLineWidth(0.75)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.setLineWidth(0.4)
        for line in range(1, self.lines):
            y = line * self.line_height
            canvas.line(8, y, self.width - 8, y)


class _Overlay(Flowable):
    """Two flowables drawn in the same place: the ruled box, and the field over it."""

    def __init__(self, under: Flowable, over: Flowable):
        super().__init__()
        self.under = under
        self.over = over

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.under.wrap(available_width, available_height)
        self.over.wrap(available_width, available_height)
        self.width, self.height = width, height
        return width, height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # a write-in box is never split over two pages

    def draw(self) -> None:
        self.under.drawOn(self.canv, 0, 0)
        self.over.drawOn(self.canv, 0, 0)


# ---- the whole story -----------------------------------------------------------------------


def _prepared_for(handout: Handout, ctx: Context) -> RLTable:
    """The personal box: everything in it is escaped, never read as markup."""
    personal = handout.personal
    assert personal is not None
    words = handout.language.furniture
    styles = ctx.styles

    def para(text: str) -> list[Flowable]:
        return [Para(text, styles.body, tag=ctx.section.add("P"))]

    def line(label: str, value: str) -> list[Flowable]:
        return para(f"<b>{escape(label)}:</b> {escape(value)}")

    rows = [line(words.prepared_for, personal.patient)]
    if personal.provider:
        rows.append(line(words.provider, personal.provider))
    if personal.visit_date:
        rows.append(line(words.visit_date, words.format_date(personal.visit_date)))
    if personal.note_lines:
        rows.append(para(f"<b>{escape(words.note)}:</b>"))
        rows += [para(escape(text)) for text in personal.note_lines]
    return _boxed(rows, styles, border=1.5, border_colour=styles.colours.text)


def lay_out(handout: Handout, styles: Styles, document: StructElement) -> list[Flowable]:
    """The handout as a list of flowables in reading order, and its structure elements as
    children of `document`."""
    words = handout.language.furniture
    ctx = Context(
        styles, handout.locations, handout.brand.website, words.scan, handout.root, document
    )
    condition = handout.condition
    story: list[Flowable] = [
        BrandBand(handout.brand.name, handout.tagline, handout.logo, styles, document),
        Heading(condition.title, styles.title, level=0, key="title", parent=document),
        _boxed(
            [[ctx.para(condition.message, styles.message)]],
            styles,
            border=5,
            border_colour=styles.colours.accent,
            left_bar=True,
        ),
        Spacer(0, styles.theme.gap),
    ]
    if handout.personal is not None:
        story += [_prepared_for(handout, ctx), Spacer(0, styles.theme.gap)]
    for index, block in enumerate(handout.blocks):
        ctx.section = document.add("Sect")
        section: list[Flowable] = [
            Heading(
                block.heading, styles.heading, level=1, key=f"section-{index}", parent=ctx.section
            )
        ]
        for part in block.body:
            section.extend(RENDERERS[type(part)](part, ctx))
        for flowable in section:
            flowable.block_id = block.id  # type: ignore[attr-defined]  # named in layout errors
        story.extend(section)
    return story
