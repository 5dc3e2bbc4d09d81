"""What every part kind is: one class that carries its schema and everything each stage needs.

A part kind is a pydantic model (its fields are its YAML schema) with four methods:

- `texts()`: the reader-facing text, piece by piece (readability gates, term checks, search);
- `render(ctx)`: its ReportLab flowables, each tagged with its structure element;
- `tags(handout)`: the structure elements a screen reader meets, in order, as (role, text):
  what the tagging tests expect to read back from the PDF;
- `files()`: content files it reads (a figure's image), for path checks and incremental builds.

The registry (parts/__init__.py) lists the kinds; every stage reads it, so a stage cannot miss
a kind, and tests/parts/test_registry.py fails for a kind that does not define all four.
ReportLab is imported inside `render` only: loading and checking content must stay light.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar, Literal, get_args

from handouts.content import markup
from handouts.content.fields import Strict

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from handouts.content.library import Handout
    from handouts.render.context import Context

Tags = list[tuple[str, str]]
"""(structure role, text as read), e.g. [("H3", "When to call us"), ("LBody", "Fever")]."""

IconName = Literal[
    "shot", "ice", "phone", "emergency", "calendar", "doctor", "question", "person", "info"
]
"""The icons a block may name (`icon: ice`): one file each in handouts/render/icons/."""
ICONS: tuple[str, ...] = get_args(IconName)


class PartModel(Strict):
    """One part of a block's body, written in YAML as a single `kind: content` entry."""

    kind: ClassVar[str]
    """The YAML key that names the kind, e.g. 'paragraph'."""

    def texts(self) -> Iterator[str]:
        """Each piece of reader-facing text, with its markup, in reading order."""
        raise NotImplementedError

    def render(self, ctx: Context) -> list[Flowable]:
        """The flowables, in reading order, their structure elements added to ctx.section."""
        raise NotImplementedError

    def tags(self, handout: Handout) -> Tags:
        """The structure leaves a screen reader meets, as (role, plain text)."""
        raise NotImplementedError

    def files(self) -> list[str]:
        """Paths (relative to the content folder) of files this part reads."""
        return []


def plain(text: str) -> str:
    """Text as a reader hears it: markup removed, runs of white space made one space."""
    return " ".join(markup.plain(text).split())
