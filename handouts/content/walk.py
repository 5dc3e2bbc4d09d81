"""Following a path through a file's loaded data, as pydantic reports one ('blocks', 2,
'body', 0, 'callout', 'title'): the value there and where it starts in the file, and what the
models check there (the keys a mapping may have; whether a field is reader-facing text).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import AfterValidator, BaseModel

from handouts.content.fields import PlainText, Text
from handouts.content.loader import Mark, MarkedDict, MarkedList


def walk(data: Any, loc: tuple[int | str, ...]) -> tuple[Any, Mark | None, Mark | None]:
    """Follow an error location into the marked data: (value, value mark, key mark).

    Pydantic puts union tags into locations ('body', 2, 'callout', 'callout', 'title'); a
    segment the data does not have is skipped, which handles those and keeps the nearest mark.
    """
    value_mark: Mark | None = getattr(data, "mark", None)
    key_mark: Mark | None = None
    for segment in loc:
        if isinstance(data, MarkedDict) and segment in data:
            key_mark = data.key_marks[segment]
            value_mark = data.value_marks[segment]
            data = data[segment]
        elif isinstance(data, MarkedList) and isinstance(segment, int) and segment < len(data):
            key_mark = None
            value_mark = data.item_marks[segment]
            data = data[segment]
    return data, value_mark, key_mark


def model_fields(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The YAML keys allowed at a location, for 'did you mean' on unknown keys."""
    current: Any = model
    for segment in loc:
        current = _step_type(current, segment)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _step_type(tp: Any, segment: int | str) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _step_type(typing.get_args(tp)[0], segment)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, field in tp.model_fields.items():
            if segment in (name, field.alias):
                return field.annotation
        return tp  # a union tag: the model itself continues
    if origin in (list, tuple) and isinstance(segment, int):
        return typing.get_args(tp)[0]
    if origin in (typing.Union, types.UnionType):
        for member in typing.get_args(tp):  # a tagged member first: `- bullets:` is Bullets
            meta = getattr(member, "__metadata__", ())
            if any(getattr(m, "tag", None) == segment for m in meta):
                return typing.get_args(member)[0]
        for member in typing.get_args(tp):
            if member is not type(None):
                found = _step_type(member, segment)
                if found is not None:
                    return found
    return None


_TEXT_RULES = [
    rule
    for text in (Text, PlainText)
    for rule in typing.get_args(text)[1:]
    if isinstance(rule, AfterValidator)
]
"""What makes a field reader-facing text, as pydantic keeps it in a field's metadata."""


def _reads_as_text(tp: Any, metadata: list[Any] = ()) -> bool:  # type: ignore[assignment]
    """A field a reader sees as words (Text or PlainText, alone, optional or in a union)."""
    if any(rule is m for m in metadata for rule in _TEXT_RULES):
        return True
    if typing.get_origin(tp) is typing.Annotated:
        return _reads_as_text(typing.get_args(tp)[0], list(typing.get_args(tp)[1:]))
    if typing.get_origin(tp) in (typing.Union, types.UnionType, list):
        return any(_reads_as_text(member) for member in typing.get_args(tp))
    return False


def text_field(model: type[BaseModel], loc: tuple[int | str, ...]) -> bool:
    """Whether a path through a file's data ('body', 2, 'callout', 'title') is validated as
    reader-facing text."""
    current: Any = model
    metadata: list[Any] = []
    for segment in loc:
        current, metadata = into(current, segment)
        if current is None:
            return False
    return _reads_as_text(current, metadata)


def into(tp: Any, segment: int | str) -> tuple[Any, list[Any]]:
    """One step of `text_field`: the type inside, and the field's rules (pydantic keeps a
    field's Annotated rules in its FieldInfo, not in its annotation)."""
    if typing.get_origin(tp) is typing.Annotated:
        return into(typing.get_args(tp)[0], segment)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, field in tp.model_fields.items():
            if segment in (name, field.alias):
                return field.annotation, field.metadata
        return None, []
    if typing.get_origin(tp) in (list, tuple) and isinstance(segment, int):
        return typing.get_args(tp)[0], []
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = typing.get_args(tp)
        for member in members:  # `- paragraph: …`: the kind, then its field of that name
            if any(getattr(m, "tag", None) == segment for m in getattr(member, "__metadata__", ())):
                return into(typing.get_args(member)[0], segment)
        for member in members:
            found = into(member, segment)
            if found[0] is not None:
                return found
    return None, []


def fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys the mapping at a path can have (any model of a union: an inline block)."""
    current: Any = model
    for segment in loc:
        current, _ = into(current, segment)
    members = typing.get_args(current) if typing.get_origin(current) else (current,)
    members = tuple(typing.get_args(m)[0] if typing.get_args(m) else m for m in members)
    return [
        field.alias or name
        for member in members
        if isinstance(member, type) and issubclass(member, BaseModel)
        for name, field in member.model_fields.items()
    ]


def values(data: Any, loc: tuple[int | str, ...]) -> Iterator[tuple[Any, Mark, Any]]:
    """(path, where it starts, value) for every value in a file's data."""
    if isinstance(data, MarkedDict):
        for key, value in data.items():
            yield (*loc, key), data.value_marks[key], value
            yield from values(value, (*loc, key))
    elif isinstance(data, MarkedList):
        for index, (item, mark) in enumerate(zip(data, data.item_marks, strict=True)):
            yield (*loc, index), mark, item
            yield from values(item, (*loc, index))
