"""A ruled box to write in, by hand or on screen: `- write_in: {label: …, tooltip: …, lines: 6}`.

One multi-line form field lies over the ruled lines; its tooltip is its accessible name. `lines`
is the least it has: a handout's last write-in box grows by whole lines into the room its page
has left, so a last page ends in space to write, not blank paper (render/flowables.py Overlay).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from handouts.content.fields import PlainText, Strict
from handouts.parts.base import PartModel, Tags

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from handouts.content.library import Handout
    from handouts.render.context import Context


class WriteInBody(Strict):
    label: PlainText
    """Printed above the box, e.g. Questions for your next visit."""
    tooltip: PlainText
    """What a screen reader says for the form field."""
    lines: Annotated[int, Field(ge=1, le=20)] = 5
    """Ruled lines, 1 to 20; a handout's last box grows into the room its page has left."""


class WriteIn(PartModel):
    """A ruled box to write in, by hand or on screen (one multi-line form field)."""

    kind: ClassVar[str] = "write_in"
    body: WriteInBody = Field(alias="write_in")

    def texts(self) -> Iterator[str]:
        yield self.body.label

    def render(self, ctx: Context) -> list[Flowable]:
        from reportlab.platypus import Spacer

        from handouts.content.markup import escape
        from handouts.render.flowables import FormField, Overlay, Para, RuledBox

        body = self.body
        styles, theme = ctx.styles, ctx.theme
        line_height = theme.leading(theme.body_size) + theme.write_in_line_extra
        label = Para(escape(body.label), styles.question, tag=ctx.section.add("P", text=body.label))
        widths = (theme.rule_frame, theme.rule_line, theme.rule_inset)
        box = RuledBox(body.lines, line_height, styles.colours.text, widths)
        field = FormField(
            f"write_in_{_field_slug(body.label)}", body.tooltip, body.lines * line_height,
            ctx.section.add("Form"), multiline=True,
        )  # fmt: skip
        return [label, Overlay(box, field), Spacer(0, theme.gap)]

    def tags(self, handout: Handout) -> Tags:
        return [("P", self.body.label)]


def _field_slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower())[:40]


KIND = WriteIn
