"""A picture: `- figure: {image: images/x.svg, alt: What it shows, caption: …, width: 60}`.

An SVG is drawn as vector art, a PNG as an image; `alt` (required) is what a screen reader says.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

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
    caption: Text
    width: Annotated[int, Field(ge=20, le=100)] = 70
    """Percent of the body column's width."""


class Figure(PartModel):
    kind: ClassVar[str] = "figure"
    body: FigureBody = Field(alias="figure")

    def texts(self) -> Iterator[str]:
        yield self.body.caption

    def files(self) -> list[str]:
        return [self.body.image]

    def render(self, ctx: Context) -> list[Flowable]:
        from reportlab.platypus import Spacer, TableStyle

        from handouts.content.checks import figure_path
        from handouts.render.flowables import PictureFlowable, WholeTable
        from handouts.render.images import UnreadablePicture, load_picture

        body = self.body
        styles, theme = ctx.styles, ctx.theme
        found = figure_path(ctx.root, body.image)
        if isinstance(found, str):  # fine when checked, gone since (an editor saving, a sync)
            raise UnreadablePicture(ctx.root / body.image, "gone since the checks ran")
        width = theme.column_width * body.width / 100
        picture = PictureFlowable(load_picture(found, styles.font), width, styles.regular)
        picture.tag = ctx.section.add("Figure", alt=body.alt)
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
        return [("P", plain(self.body.caption))]


KIND = Figure
