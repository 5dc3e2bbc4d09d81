"""The field types every content model is built from: ids, reader-facing text, colours, limits.

Parts (handouts/parts/) and the brand, block and condition models (models.py) share them, so a
limit or a markup rule is stated once.
"""

from __future__ import annotations

import re
import string
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo

from handouts.content import markup
from handouts.content.markup import excerpt
from handouts.errors import ProblemInText

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
        raise ProblemInText(value, markup.where(value), "; ".join(found))
    return value


def _plain(value: str) -> str:
    found = markup.plain_problems(value)
    if found:
        raise ProblemInText(value, markup.where(value, plain=True), found[0])
    return value


def _colour(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"'{excerpt(value)}' is not a colour: write it as #RRGGBB, e.g. '#1F4E79'")
    return value.upper()


MAX_WEB_ADDRESS = 300
"""A home or booking page's address; its QR code must stay small enough to scan from paper."""
_WEB = re.compile(r"https?://[^\s/?#.][^\s/?#]*(?:[/?#]\S*)?")
WEB_PATTERN = f"^(?:{_WEB.pattern})$"
"""`web_address`'s rule for editors (without its length limit)."""


def web_address(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError(f"'{excerpt(value)}' must start with https:// or http://")
    if len(value) > MAX_WEB_ADDRESS:
        raise ValueError(
            f"the address is {len(value):,} characters long; at most {MAX_WEB_ADDRESS} fit in a "
            "QR code a phone can scan from paper: use the clinic's home or booking page"
        )
    if not _WEB.fullmatch(value):
        raise ValueError(
            f"'{excerpt(value)}' is not a web address: write it as https://example.org/page, "
            "with no spaces"
        )
    return value


def _names(names: tuple[str, ...]) -> str:
    shown = [f"{{{name}}}" for name in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def template_problem(value: str, names: tuple[str, ...], field: str = "this text") -> str | None:
    """What is wrong with a text whose {placeholders} the engine fills in: only `names`, each
    written plainly; '{{' and '}}' print a brace. Never attribute or index access."""
    use = f"use {_names(names)}, and write {{{{ or }}}} to print a brace"
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError:
        return f"a lone '{{' or '}}' in '{field}': {use}"
    for _, name, spec, conversion in parts:
        if name is not None and (name not in names or spec or conversion):
            extra = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            written = "{" + name + extra + "}"
            return f"unknown placeholder '{excerpt(written)}' in '{field}': {use}"
    return None


def fill(template: str, **values: object) -> str:
    """A checked template with its placeholders filled in (the same as str.format for it)."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(str(values[name]))
    return "".join(out)


def placeholders(*names: str) -> AfterValidator:
    """For `Annotated[PlainText, placeholders("page", "pages")]`: see template_problem."""

    def check(value: str, info: ValidationInfo) -> str:
        problem = template_problem(value, names, info.field_name or "this text")
        if problem:
            raise ValueError(problem)
        return value

    return AfterValidator(check)


# Limits: far above any real handout (the longest shipped text is about 330 characters, the
# longest list 12 items), low enough that hostile content cannot make a build take minutes.
MAX_TEXT = 8000
MAX_PLAIN = 300
MAX_ITEMS = 40


class InSchema:
    """JSON Schema keywords for editors only (content/schema.py), most often a validator's rule
    as a `pattern`: `Annotated[str, AfterValidator(_slug), InSchema(pattern=...)]`. Pydantic
    never checks them; the validator stays the rule, and its message the one `check` prints."""

    def __init__(self, **keywords: str | tuple[str, ...]):
        self.keywords = tuple(sorted(keywords.items()))

    def __get_pydantic_json_schema__(self, core: Any, handler: Any) -> dict[str, Any]:
        schema: dict[str, Any] = handler(core)
        for key, value in self.keywords:
            schema[key] = list(value) if isinstance(value, tuple) else value
        return schema


Slug = Annotated[str, Field(max_length=64), AfterValidator(_slug), InSchema(pattern=_SLUG.pattern)]
Text = Annotated[
    str,
    Field(min_length=1, max_length=MAX_TEXT),
    AfterValidator(_text),
    InSchema(pattern=markup.TEXT_PATTERN),
]
"""Reader-facing text with the small inline markup (see markup.py)."""
PlainText = Annotated[
    str,
    Field(min_length=1, max_length=MAX_PLAIN),
    AfterValidator(_plain),
    InSchema(pattern=markup.NO_TAGS_PATTERN),
]
"""Reader-facing text printed exactly as written (headings, names)."""
Colour = Annotated[str, AfterValidator(_colour), InSchema(pattern=_HEX.pattern)]
"""A colour as #RRGGBB."""


AWAITING = "awaiting"


def _translated_from(value: str) -> str:
    if value != AWAITING and not re.fullmatch(r"[0-9a-f]{12}", value):
        raise ValueError(
            f"'{excerpt(value)}' is not what this translation was made from: write 'awaiting' "
            "until it is translated; then `handouts translations --done NAME --lang LANG` "
            "writes the hash of the text it was translated from (12 hex digits)"
        )
    return value


TranslatedFrom = Annotated[
    str, AfterValidator(_translated_from), InSchema(pattern=r"^(?:awaiting|[0-9a-f]{12})$")
]
"""`translated_from:` in a translation file (name.<lang>.yaml): `awaiting` (not translated
yet: never printed), or the first 12 hex digits of the hash of the base-language text it was
translated from, which `handouts translations --done` writes (content/translations.py)."""


class Strict(BaseModel):
    """Unknown keys are errors (a typo like 'headng:' must not silently drop a section)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
