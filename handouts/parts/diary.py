"""A fillable diary: `- diary: {weeks: 4, week: Week {n}, day: Day {n}, columns: [...]}`.

A table per week, one row per day, one form field per cell whose tooltip is its accessible
name; printed, it is a clean paper form.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, field_validator

from handouts.content.fields import PlainText, Strict, fill, placeholders
from handouts.parts.base import PartModel, Tags

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from handouts.content.library import Handout
    from handouts.render.context import Context


MIN_WIDTH, MAX_WIDTH, MAX_TOTAL_WIDTH = 0.5, 6.0, 8.0
"""A column's width, relative to the day column (1): at least half of it, at most six times,
and all of them, the day column's included, at most eight: the narrowest column is then still
an eighth of half a page wide on A4 (about 30 pt), room for a short word or a number."""


def _width(value: float) -> float:
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise ValueError(
            f"'width' is relative to the day column (1): use a number from {MIN_WIDTH} to "
            f"{MAX_WIDTH:g}; a narrower column has no room for its label"
        )
    return value


class DiaryColumn(Strict):
    label: PlainText
    """The column's heading."""
    tooltip: PlainText
    """What a screen reader says for each field in the column, e.g. 'pain from 0 to 10'."""
    width: Annotated[float, AfterValidator(_width)] = 1.0
    """Relative width; the day column is 1."""


class DiaryBody(Strict):
    weeks: Annotated[int, Field(ge=1, le=8)]
    """How many weeks (one table each, seven days), 1 to 8."""
    week: Annotated[PlainText, Field(max_length=20), placeholders("n")] = "Week {n}"
    """Each table's heading: {n} is the week's number."""
    day: Annotated[PlainText, Field(max_length=20), placeholders("n")] = "Day {n}"
    """Each row's label: {n} counts the days from the first week's first (1 to 56)."""
    columns: Annotated[list[DiaryColumn], Field(min_length=1, max_length=5)]
    """The fields to fill in each day, after the day column (1 to 5)."""

    @field_validator("columns")
    @classmethod
    def _fit(cls, columns: list[DiaryColumn]) -> list[DiaryColumn]:
        total = 1 + sum(column.width for column in columns)
        if total > MAX_TOTAL_WIDTH:
            raise ValueError(
                f"the columns' widths add up to {total:g} with the day column's 1; at most "
                f"{MAX_TOTAL_WIDTH:g} fit on the page: make some columns narrower"
            )
        return columns


class Diary(PartModel):
    """Fillable day-by-day rows, a table per week; prints as a clean paper form too."""

    kind: ClassVar[str] = "diary"
    body: DiaryBody = Field(alias="diary")

    def texts(self) -> Iterator[str]:
        yield from (column.label for column in self.body.columns)

    def render(self, ctx: Context) -> list[Flowable]:
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import Spacer, TableStyle

        from handouts.content.markup import escape
        from handouts.render.flowables import (
            COLUMN_HEADER,
            ROW_HEADER,
            FormField,
            Para,
        )

        body = self.body
        styles, theme = ctx.styles, ctx.theme
        row_height = theme.leading(theme.body_size) + theme.diary_row_extra
        widths = [1.0] + [c.width for c in body.columns]
        total = sum(widths)
        col_widths = [theme.column_width * w / total for w in widths]
        pad_x, pad_y = theme.diary_padding
        col_widths = _room_for_labels(col_widths, body, styles.table_header, pad_x)
        flowables: list[Flowable] = []
        for week in range(1, body.weeks + 1):
            week_label = fill(body.week, n=week)
            element = ctx.section.add("Table")
            head = element.add("TR")
            header = [
                Para(
                    escape(text), styles.table_header, tag=head.add("TH", attributes=COLUMN_HEADER)
                )
                for text in [week_label, *(c.label for c in body.columns)]
            ]
            rows: list[list[Any]] = [header]
            for day_in_week in range(1, 8):
                day = (week - 1) * 7 + day_in_week
                day_label = fill(body.day, n=day)
                row = element.add("TR")
                day_cell = row.add("TH", attributes=ROW_HEADER)
                rows.append(
                    [Para(escape(day_label), styles.card_detail, tag=day_cell)]
                    + [
                        FormField(
                            f"diary_w{week}_d{day}_c{index}",
                            f"{week_label}, {day_label}: {column.tooltip}",
                            row_height - theme.field_inset,
                            row.add("TD").add("Form"),
                            font_size=theme.field_font_size,
                        )
                        for index, column in enumerate(body.columns, start=1)
                    ]
                )
            table = _week_table()(
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
                        ("GRID", (0, 0), (-1, -1), theme.diary_grid, rule),
                        ("LEFTPADDING", (0, 0), (-1, -1), pad_x),
                        ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
                        ("TOPPADDING", (0, 0), (-1, -1), pad_y),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y),
                    ]
                )
            )
            flowables += [table, Spacer(0, theme.gap * 1.5)]
        return flowables

    def tags(self, handout: Handout) -> Tags:
        body = self.body
        found: Tags = []
        for week in range(1, body.weeks + 1):
            found.append(("TH", fill(body.week, n=week)))
            found += [("TH", column.label) for column in body.columns]
            for day in range(1, 8):
                found.append(("TH", fill(body.day, n=(week - 1) * 7 + day)))
        return found


def _room_for_labels(col_widths: list[float], body: Any, style: Any, pad_x: float) -> list[float]:
    """The first column as wide as its longest word ("Semana" in large print), taken from the
    others in proportion: a narrower one broke the word over two lines ("Seman / a 1")."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    labels = [fill(body.week, n=body.weeks), fill(body.day, n=body.weeks * 7)]
    words = [word for label in labels for word in label.split()]
    needed = max(stringWidth(w, style.fontName, style.fontSize) for w in words) + 2 * pad_x + 1
    if col_widths[0] >= needed:
        return col_widths
    rest = sum(col_widths[1:])
    return [needed] + [width * (rest - needed + col_widths[0]) / rest for width in col_widths[1:]]


@functools.cache
def _week_table() -> type:
    """A week's table: kept whole unless taller than half a page. When it must split (long
    labels, large print), ReportLab rebuilds the pieces through `self.__class__` without
    WholeTable's `max_height`; this class gives it a default, so the split works."""
    from handouts.render.flowables import WholeTable

    class WeekTable(WholeTable):
        def __init__(self, rows: list[Any], max_height: float = 0.0, **kwargs: Any):
            super().__init__(rows, max_height, **kwargs)

    return WeekTable


KIND = Diary
