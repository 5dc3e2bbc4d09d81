"""A boxed note: `- callout: {title: When to call us, text: …, items: […], tone: warning}`.

'warning' draws a heavier, dark frame (it must read in black and white too), for "when to get
emergency care".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import Field

from handouts.content.fields import MAX_ITEMS, PlainText, Strict, Text
from handouts.parts.base import PartModel, Tags, plain

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from handouts.content.library import Handout
    from handouts.render.context import Context


class CalloutBody(Strict):
    title: PlainText
    text: Text | None = None
    items: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = []
    tone: Literal["info", "warning"] = "info"
    """'warning' draws a heavier border, for "when to get emergency care"."""


class Callout(PartModel):
    kind: ClassVar[str] = "callout"
    body: CalloutBody = Field(alias="callout")

    def texts(self) -> Iterator[str]:
        yield self.body.title
        if self.body.text:
            yield self.body.text
        yield from self.body.items

    def render(self, ctx: Context) -> list[Flowable]:
        from reportlab.platypus import Spacer

        from handouts.content.markup import escape
        from handouts.render.boxes import boxed
        from handouts.render.flowables import Para

        body = self.body
        styles = ctx.styles
        title = ctx.section.add("H3", text=body.title)
        rows: list[list[Flowable]] = [[Para(escape(body.title), styles.callout_title, tag=title)]]
        if body.text:
            rows.append([ctx.para(body.text, styles.body)])
        labels = ["•"] * len(body.items)
        items = ctx.list_items(body.items, styles.bullet, labels, "Disc", whole=False)
        rows.extend([item] for item in items)
        warning = body.tone == "warning"
        box = boxed(
            rows,
            styles,
            border=ctx.theme.warning_border if warning else ctx.theme.callout_border,
            border_colour=styles.colours.text if warning else styles.colours.accent,
        )
        return [box, Spacer(0, ctx.theme.gap)]

    def tags(self, handout: Handout) -> Tags:
        found = [("H3", self.body.title)]
        if self.body.text:
            found.append(("P", plain(self.body.text)))
        return found + [("LBody", plain(item)) for item in self.body.items]


KIND = Callout
