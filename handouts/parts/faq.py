"""Questions and answers: `- faq: [{question: Does it hurt?, answer: …}]`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import Field

from handouts.content import markup
from handouts.content.fields import MAX_ITEMS, Strict, Text
from handouts.parts.base import PartModel, Tags, plain

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from handouts.content.library import Handout
    from handouts.render.context import Context


class Question(Strict):
    question: Text
    """As a patient would ask it, e.g. Does it hurt?"""
    answer: Text
    """The answer, a few plain sentences."""


class Faq(PartModel):
    kind: ClassVar[str] = "faq"
    entries: Annotated[list[Question], Field(min_length=1, max_length=MAX_ITEMS)] = Field(
        alias="faq"
    )

    def texts(self) -> Iterator[str]:
        for entry in self.entries:
            yield entry.question
            yield entry.answer

    def render(self, ctx: Context) -> list[Flowable]:
        flowables: list[Flowable] = []
        for entry in self.entries:
            # The question's style keeps it with its answer; the answer never splits.
            flowables.append(ctx.para(entry.question, ctx.styles.question, role="H3"))
            answer = ctx.section.add("P", text=markup.plain(entry.answer))
            flowables.append(ctx.whole(entry.answer, ctx.styles.body, answer))
        return flowables

    def tags(self, handout: Handout) -> Tags:
        found: Tags = []
        for entry in self.entries:
            found += [("H3", plain(entry.question)), ("P", plain(entry.answer))]
        return found


KIND = Faq
