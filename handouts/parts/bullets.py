"""A bulleted list: `- bullets: [One, Two]`. Four or more short items flow into two columns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from handouts.content.fields import MAX_ITEMS, Text
from handouts.parts.base import PartModel, Tags, plain

if TYPE_CHECKING:
    from reportlab.platypus import Flowable
    from reportlab.platypus import Table as RLTable

    from handouts.content.library import Handout
    from handouts.render.context import Context
    from handouts.render.flowables import Para

Items = Annotated[list[Text], Field(min_length=1, max_length=MAX_ITEMS)]


class Bullets(PartModel):
    kind: ClassVar[str] = "bullets"
    items: Items = Field(alias="bullets")

    def texts(self) -> Iterator[str]:
        yield from self.items

    def render(self, ctx: Context) -> list[Flowable]:
        from reportlab.platypus import Spacer

        labels = ["•"] * len(self.items)
        measured = _two_column_items(self.items, ctx)
        if measured is not None:
            items = ctx.list_items(
                self.items, ctx.styles.bullet, labels, "Disc", whole=False, made=measured
            )
            return [_two_columns(items, ctx), Spacer(0, ctx.theme.gap / 2)]
        items = ctx.list_items(self.items, ctx.styles.bullet, labels, "Disc", whole=True)
        return [*items, Spacer(0, ctx.theme.gap / 2)]

    def tags(self, handout: Handout) -> Tags:
        return [("LBody", plain(item)) for item in self.items]


def _two_column_items(items: list[str], ctx: Context) -> list[Para] | None:
    """Four or more short items (mostly one line in half the width, none over two) read
    better side by side, and save paper. Returns their paragraphs, already broken into lines
    at the column width (the table reuses them), or None for one column."""
    from handouts.content import markup
    from handouts.render.flowables import Para

    if len(items) < 4:
        return None
    column = ctx.styles.theme.column_width / 2 - ctx.styles.theme.gap
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
    from reportlab.platypus import TableStyle

    from handouts.render.flowables import WholeTable

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


KIND = Bullets
