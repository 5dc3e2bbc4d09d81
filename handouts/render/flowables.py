"""The flowables handouts are made of: ReportLab's, taught to tag what they draw and to keep
list items, boxes and answers whole.

Part renderers (handouts/parts/) and page 1 (render/story.py) build from these; nothing here
knows about content.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from handouts.content.markup import escape
from handouts.render.icons import Icon
from handouts.render.images import Picture
from handouts.render.tagging import StructElement, Tagged

COLUMN_HEADER = {"O": "Table", "Scope": "Column"}
ROW_HEADER = {"O": "Table", "Scope": "Row"}


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

    icon: Icon | None = None
    """Drawn beside the first line (in the rail, or in a box's indent), as an artifact."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        # Both pieces belong to the same element; only the first carries the bullet and icon.
        pieces: list[Flowable] = super().split(available_width, available_height)
        for index, piece in enumerate(pieces):
            piece.tag = self.tag  # type: ignore[attr-defined]
            piece.label = self.label if index == 0 else None  # type: ignore[attr-defined]
            piece.icon = self.icon if index == 0 else None  # type: ignore[attr-defined]
        return pieces

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if self.icon is not None:  # before the text's marked content opens: an artifact
            size = self.style.fontSize
            self.icon.draw(canvas, x, y + self.height - 0.65 * size)
        super().drawOn(canvas, x, y, _sW)

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
    """A table kept on one page unless taller than `max_height`. ReportLab rebuilds the pieces
    of a split table through self.__class__(rows, …), so max_height needs a default: a piece
    may split again wherever it must."""

    def __init__(self, rows: list[Any], max_height: float = 0.0, **kwargs: Any):
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
        # showBoundary: never rl_config's (RL_showBoundary frames the drawing)
        renderPDF.draw(self.picture.drawable, canvas, 0, 0, showBoundary=False)
        canvas.restoreState()


class RailPicture(Flowable):
    """A picture in the margin rail, left of the column, hanging from where the next text
    starts: it takes no line of the column. Where the page has less room below than the
    picture needs, it asks for that room, so it moves to the next page with its text."""

    def __init__(self, picture: PictureFlowable | FigureOf, rail_width: float):
        super().__init__()
        self.picture = picture
        self.rail_width = rail_width
        self.keepWithNext = True

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width = getattr(self.picture, "draw_width", self.rail_width)
        _, height = self.picture.wrap(width, available_height)
        self.width = available_width
        self.height = 0.0 if height <= available_height else height
        return self.width, self.height

    def draw(self) -> None:
        self.picture.drawOn(self.canv, -self.rail_width, -self.picture.height)


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
        font_size: float = 11.0,
    ):
        super().__init__()
        self.tag = tag
        self.name = name
        self.tooltip = tooltip
        self.field_height = height
        self.multiline = multiline
        self.font_size = font_size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.field_height

    def draw(self) -> None:
        tagger = getattr(self.canv, "tagger", None)
        name = tagger.field_name(self.name) if tagger is not None else self.name
        self.canv.acroForm.textfield(
            name=name, tooltip=self.tooltip, x=0, y=0, relative=True,
            width=self.width, height=self.field_height, borderWidth=0,
            fillColor=None, borderColor=None, fontName=FORM_FONT,
            fontSize=0 if self.multiline else self.font_size,  # 0: auto-size a box's lines
            fieldFlags="multiline" if self.multiline else "",
        )  # fmt: skip


class RuledBox(Flowable):
    """Ruled lines in a box, to write on by hand."""

    def __init__(
        self, lines: int, line_height: float, colour: str, widths: tuple[float, float, float]
    ):
        super().__init__()
        self.lines = lines
        self.line_height = line_height
        self.colour = colour
        self.frame, self.rule, self.inset = widths
        """The frame's and the rules' line widths, and how far the rules stop short of it."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.lines * self.line_height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(HexColor(self.colour))
        canvas.setLineWidth(self.frame)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.setLineWidth(self.rule)
        for line in range(1, self.lines):
            y = line * self.line_height
            canvas.line(self.inset, y, self.width - self.inset, y)


class Overlay(Flowable):
    """The ruled box, and the field over it, drawn in the same place.

    The last write-in box of a handout may grow (`tail`: what follows it): by whole lines, up
    to `max_extra`, into the room its page has left once everything after it is placed, so a
    last page's spare space becomes room to write rather than blank paper, and a personal copy
    whose "Prepared for" card pushes the text down keeps the generic copy's page count.
    """

    tail: list[Flowable] | None = None
    max_extra: int = 0

    def __init__(self, under: RuledBox, over: FormField):
        super().__init__()
        self.under = under
        self.over = over
        self.lines = under.lines

    def _tail_height(self, available_width: float) -> float:
        total = 0.0
        for flowable in self.tail or ():
            height = flowable.wrap(available_width, BIG)[1]
            total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        return total

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        step = self.under.line_height
        extra = 0
        if self.tail is not None and available_height < BIG:  # a real frame's room, not a probe
            spare = available_height - self.lines * step - self._tail_height(available_width)
            extra = max(0, min(self.max_extra, int((spare - 2) // step)))
        self.under.lines = self.lines + extra
        self.over.field_height = self.under.lines * step
        width, height = self.under.wrap(available_width, available_height)
        self.over.wrap(available_width, available_height)
        self.width, self.height = width, height
        return width, height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # a write-in box is never split over two pages

    def draw(self) -> None:
        self.under.drawOn(self.canv, 0, 0)
        self.over.drawOn(self.canv, 0, 0)


BIG = 100_000.0
"""Heights from here up are ReportLab measuring a group (it wraps with 0xfffffff), not a page."""
