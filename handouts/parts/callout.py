"""A boxed note: `- callout: {title: When to call us, text: …, items: […], tone: warning}`.

'warning' is for "when to call" and "call 911": a red band under its white title, a thick red bar,
the emergency icon; 'info' a calm tint and the info icon (render/boxes.py). Both read in black
and white too: shape, icon and words say what the box is. Adjacent callouts with a warning among
them stay together, with what leads to them (render/safety.py).
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
    """The box's heading, e.g. When to call us."""
    text: Text | None = None
    """A sentence or two in the box, before its items."""
    items: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = []
    """Bulleted points in the box."""
    tone: Literal["info", "warning"] = "info"
    """'warning': a red band and bar and the emergency icon, for "when to call", "call 911"."""


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
        from handouts.render.boxes import info_box, warning_box
        from handouts.render.flowables import Para
        from handouts.render.icons import BY_TONE, Icon

        body = self.body
        styles, theme = ctx.styles, ctx.theme
        warning = body.tone == "warning"
        title = ctx.section.add("H3", text=body.title)
        style = styles.warning_title if warning else styles.callout_title
        heading = Para(escape(body.title), style, tag=title)
        colour = "#FFFFFF" if warning else styles.colours.accent  # white on the red band
        heading.icon = Icon(BY_TONE[body.tone], theme.icon_size, colour, styles.regular,
                            dx=-(theme.icon_size + theme.icon_gap))  # fmt: skip
        rows: list[list[Flowable]] = [[heading]]
        if body.text:
            rows.append([ctx.para(body.text, styles.body)])
        labels = ["•"] * len(body.items)
        items = ctx.list_items(body.items, styles.bullet, labels, "Disc", whole=False)
        rows.extend([item] for item in items)
        box = warning_box(rows, styles) if warning else info_box(rows, styles)
        return [box, Spacer(0, theme.gap)]

    def tags(self, handout: Handout) -> Tags:
        found = [("H3", self.body.title)]
        if self.body.text:
            found.append(("P", plain(self.body.text)))
        return found + [("LBody", plain(item)) for item in self.body.items]


KIND = Callout
