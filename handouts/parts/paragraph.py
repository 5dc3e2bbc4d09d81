"""A paragraph: `- paragraph: Text.` One ending in ':' stays with the list after it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field

from handouts.content import markup
from handouts.content.fields import Text
from handouts.parts.base import PartModel, Tags, plain

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from handouts.content.library import Handout
    from handouts.render.context import Context


class Paragraph(PartModel):
    kind: ClassVar[str] = "paragraph"
    text: Text = Field(alias="paragraph")

    def texts(self) -> Iterator[str]:
        yield self.text

    def render(self, ctx: Context) -> list[Flowable]:
        paragraph = ctx.para(self.text, ctx.styles.body)
        # A sentence that introduces a list stays with the list.
        paragraph.keepWithNext = markup.plain(self.text).rstrip().endswith(":")
        return [paragraph]

    def tags(self, handout: Handout) -> Tags:
        return [("P", plain(self.text))]


KIND = Paragraph
