"""A two-column table with header cells: `- table: {header: [Area, Purpose], rows: [[…, …]]}`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from handouts.content.fields import MAX_ITEMS, PlainText, Strict, Text
from handouts.parts.base import PartModel, Tags, plain

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from handouts.content.library import Handout
    from handouts.render.context import Context


class TableBody(Strict):
    header: tuple[PlainText, PlainText]
    """The two columns' headings, e.g. [Area, What it helps]."""
    rows: Annotated[list[tuple[Text, Text]], Field(min_length=1, max_length=MAX_ITEMS)]
    """Each row as [left, right]."""


class Table(PartModel):
    kind: ClassVar[str] = "table"
    body: TableBody = Field(alias="table")

    def texts(self) -> Iterator[str]:
        yield from self.body.header
        for left, right in self.body.rows:
            yield left
            yield right

    def render(self, ctx: Context) -> list[Flowable]:
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import Spacer, TableStyle
        from reportlab.platypus import Table as RLTable

        from handouts.content.markup import escape
        from handouts.render.flowables import COLUMN_HEADER, Para

        styles, theme = ctx.styles, ctx.theme
        element = ctx.section.add("Table")
        head = element.add("TR")
        header = [
            Para(escape(cell), styles.table_header, tag=head.add("TH", attributes=COLUMN_HEADER))
            for cell in self.body.header
        ]
        rows = []
        for left, right in self.body.rows:
            row = element.add("TR")
            rows.append(
                [ctx.para(left, styles.body, row, "TD"), ctx.para(right, styles.body, row, "TD")]
            )
        table = RLTable(
            [header, *rows], colWidths=list(theme.table_columns), repeatRows=1, hAlign="LEFT"
        )
        rule = HexColor(styles.colours.accent)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), HexColor(styles.box_fill)),
                    ("LINEBELOW", (0, 0), (-1, 0), theme.table_header_rule, rule),
                    ("LINEBELOW", (0, 1), (-1, -1), theme.table_rule, rule),
                    ("LEFTPADDING", (0, 0), (-1, -1), theme.table_padding),
                    ("RIGHTPADDING", (0, 0), (-1, -1), theme.table_padding),
                    ("TOPPADDING", (0, 0), (-1, -1), theme.table_padding),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), theme.table_bottom_padding),
                ]
            )
        )
        return [table, Spacer(0, theme.gap)]

    def tags(self, handout: Handout) -> Tags:
        found = [("TH", cell) for cell in self.body.header]
        for row in self.body.rows:
            found += [("TD", plain(cell)) for cell in row]
        return found


KIND = Table
