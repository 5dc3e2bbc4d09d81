"""A picture: `- figure: {image: images/x.svg, alt: What it shows, caption: …, width: 60}`.

An SVG is drawn as vector art, a PNG as an image; `alt` (required) is what a screen reader says.
`place: rail` sets a small picture in the margin rail beside the text that follows it (a
condition's own picture on page 1), taking no line of the column; it needs no caption, the
text beside it says what it shows. Large print has no rail to speak of: there it sits in the
column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from handouts.content.fields import PlainText, Strict, Text
from handouts.parts.base import PartModel, Tags, plain

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from handouts.content.library import Handout
    from handouts.render.context import Context


class FigureBody(Strict):
    image: PlainText
    """An .svg or .png inside the content folder, e.g. images/treatment-areas.svg."""
    alt: PlainText
    """What the picture shows, for readers who cannot see it (required)."""
    caption: Text | None = None
    """Under the picture; needed in the column, not in the rail."""
    width: Annotated[int, Field(ge=20, le=100)] = 70
    """Percent of the body column's width (in the rail: of the rail's)."""
    place: Literal["column", "rail"] = "column"
    """column: centred in the text, with its caption; rail: in the margin beside the text."""

    @model_validator(mode="after")
    def _column_figures_have_a_caption(self) -> FigureBody:
        if self.place == "column" and not self.caption:
            raise ValueError("a figure in the column needs a caption (or place: rail)")
        return self


class Figure(PartModel):
    kind: ClassVar[str] = "figure"
    body: FigureBody = Field(alias="figure")

    def texts(self) -> Iterator[str]:
        if self.body.caption:
            yield self.body.caption

    def files(self) -> list[str]:
        return [self.body.image]

    def render(self, ctx: Context) -> list[Flowable]:
        from reportlab.platypus import Spacer, TableStyle

        from handouts.content.checks import figure_path
        from handouts.render.flowables import PictureFlowable, RailPicture, WholeTable
        from handouts.render.images import UnreadablePicture, load_picture

        body = self.body
        styles, theme = ctx.styles, ctx.theme
        found = figure_path(ctx.root, body.image, ctx.base_folder)
        if isinstance(found, str):  # fine when checked, gone since (an editor saving, a sync)
            raise UnreadablePicture(ctx.root / body.image, "gone since the checks ran")
        in_rail = body.place == "rail" and theme.rail_width >= theme.min_rail_picture
        if in_rail:
            room = theme.rail_width - theme.icon_gap
        elif body.place == "rail":  # large print: a small picture in the column, not a page
            room = theme.column_width * theme.rail_picture_in_column
        else:
            room = theme.column_width
        width = room * body.width / 100
        picture = PictureFlowable(load_picture(found, styles.font), width, styles.regular)
        picture.tag = ctx.section.add("Figure", alt=body.alt)
        if in_rail:
            return [RailPicture(picture, theme.rail_width)]
        if not body.caption:  # a rail picture in large print: no caption to set
            return [picture, Spacer(0, theme.gap)]
        caption = ctx.para(body.caption, styles.caption)
        table = WholeTable(
            [[picture], [caption]], ctx.max_whole, colWidths=["100%"], hAlign="CENTER"
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                    ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 1), (-1, 1), theme.caption_gap),
                ]
            )
        )
        return [table, Spacer(0, theme.gap)]

    def tags(self, handout: Handout) -> Tags:
        # The picture itself is a Figure read by its Alt; its caption is text.
        return [("P", plain(self.body.caption))] if self.body.caption else []


KIND = Figure
