"""The part kinds a block's body is made of, in one registry that every stage reads.

To add a kind: write `handouts/parts/<kind>.py` with a `PartModel` subclass named in its
`KIND` (see base.py for what it must define), then add its module name to `MODULES` below.
Validation, layout, the quality gates, the catalog's search text, incremental builds and the
tagging tests all find it here; tests/parts/test_registry.py fails if it lacks anything.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import BeforeValidator, Discriminator, Tag

from handouts.errors import ProblemAtKey
from handouts.parts.base import PartModel, Tags, plain

MODULES = (
    "paragraph",
    "bullets",
    "steps",
    "callout",
    "faq",
    "table",
    "contacts",
    "diary",
    "write_in",
    "figure",
)
"""One line per kind, in the order error messages list them."""

STAGES = ("texts", "render", "tags")
"""What every kind must define itself: a stage never guesses how to treat a kind."""


def missing_stages(kind: type[PartModel]) -> list[str]:
    """The stages a kind leaves to PartModel, which would fail there at run time."""
    return [name for name in STAGES if getattr(kind, name) is getattr(PartModel, name)]


def _registered(name: str) -> type[PartModel]:
    kind: type[PartModel] = import_module(f"handouts.parts.{name}").KIND
    missing = missing_stages(kind)
    if missing:
        raise TypeError(f"part kind '{kind.kind}' (parts/{name}.py) must define {missing}")
    return kind


KINDS: tuple[type[PartModel], ...] = tuple(_registered(name) for name in MODULES)
BY_NAME: dict[str, type[PartModel]] = {kind.kind: kind for kind in KINDS}
PART_KINDS = tuple(BY_NAME)


def _check_part_shape(value: Any) -> Any:
    """A part is written as one key naming its kind; say so plainly when it is not."""
    kinds = ", ".join(PART_KINDS)
    if not isinstance(value, dict):
        raise ValueError(
            f"a part must be written as 'kind: content', where kind is one of: {kinds}"
        )
    if len(value) != 1:
        raise _second_key(value)
    return value


def _second_key(value: dict[str, Any]) -> ProblemAtKey:
    """A part with a second key: most often a line lined up with the kind's key instead of
    indented under it. Located at that key's line, saying which."""
    kind, extra = list(value)[:2]
    if kind not in BY_NAME or extra in BY_NAME:
        found = ", ".join(f"'{k}'" for k in value)
        return ProblemAtKey(
            extra, f"a part has exactly one kind, but this one has {found}; start each part "
            "with its own '- '",
        )  # fmt: skip
    inner = value[kind]
    fields = getattr(inner, "key_marks", None)
    if fields:
        first, mark = next(iter(fields.items()))
        fix = f"indent it {mark.column - 1} spaces, like '{first}'"
    else:
        fix = f"indent it more than '{kind}' (if it is more of the text, put the text in quotes)"
    return ProblemAtKey(
        extra, f"'{extra}' lines up with '{kind}', so YAML reads it as a second kind of this "
        f"part: if it belongs to the {kind}, {fix}; if it starts a new part, begin it with '- '",
    )  # fmt: skip


def _part_kind(value: Any) -> str | None:
    return next(iter(value)) if isinstance(value, dict) and len(value) == 1 else None


if TYPE_CHECKING:
    Part = PartModel
else:
    Part = Annotated[
        Union[tuple(Annotated[kind, Tag(kind.kind)] for kind in KINDS)],  # noqa: UP007
        Discriminator(_part_kind),
        BeforeValidator(_check_part_shape),
    ]
"""Any registered kind, told apart by its one key; unknown keys get 'did you mean'."""

__all__ = [
    "BY_NAME", "KINDS", "MODULES", "PART_KINDS", "STAGES", "Part", "PartModel", "Tags",
    "missing_stages", "plain",
]  # fmt: skip
