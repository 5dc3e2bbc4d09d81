"""Numbered steps: `- steps: [First, Then]`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field

from handouts.parts.base import PartModel, Tags, plain
from handouts.parts.bullets import Items

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from handouts.content.library import Handout
    from handouts.render.context import Context


class Steps(PartModel):
    kind: ClassVar[str] = "steps"
    items: Items = Field(alias="steps")

    def texts(self) -> Iterator[str]:
        yield from self.items

    def render(self, ctx: Context) -> list[Flowable]:
        from reportlab.platypus import Spacer

        labels = [f"{number}." for number in range(1, len(self.items) + 1)]
        items = ctx.list_items(self.items, ctx.styles.step, labels, "Decimal", whole=True)
        return [*items, Spacer(0, ctx.theme.gap / 2)]

    def tags(self, handout: Handout) -> Tags:
        return [("LBody", plain(item)) for item in self.items]


KIND = Steps
