"""The field types every content model is built from: ids, reader-facing text, colours, limits.

Parts (handouts/parts/) and the brand, block and condition models (models.py) share them, so a
limit or a markup rule is stated once.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from handouts.content import markup

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens, "
            "e.g. 'neck-pain'"
        )
    return value


def _text(value: str) -> str:
    found = markup.problems(value)
    if found:
        raise ValueError("; ".join(found))
    return value


def _plain(value: str) -> str:
    found = markup.tag_problems(value)
    if found:
        raise ValueError(found[0])
    return value


def _colour(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"'{value}' is not a colour: write it as #RRGGBB, e.g. '#1F4E79'")
    return value.upper()


def web_address(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError(f"'{value}' must start with https:// or http://")
    return value


# Limits: far above any real handout (the longest shipped text is about 330 characters, the
# longest list 12 items), low enough that hostile content cannot make a build take minutes.
MAX_TEXT = 8000
MAX_PLAIN = 300
MAX_ITEMS = 40

Slug = Annotated[str, Field(max_length=64), AfterValidator(_slug)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_text)]
"""Reader-facing text with the small inline markup (see markup.py)."""
PlainText = Annotated[str, Field(min_length=1, max_length=MAX_PLAIN), AfterValidator(_plain)]
"""Reader-facing text printed exactly as written (headings, names)."""
Colour = Annotated[str, AfterValidator(_colour)]


class Strict(BaseModel):
    """Unknown keys are errors (a typo like 'headng:' must not silently drop a section)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
