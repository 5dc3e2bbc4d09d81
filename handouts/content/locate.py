"""Pydantic's errors, located: each one becomes `file:line:col: what to do`, in the editor's words.

Pydantic reports a path through the data ('blocks', 2, 'body', 0, 'callout', 'title'); the
loader's marked data knows where each step of that path starts in the file.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from pydantic import AfterValidator, BaseModel, ValidationError

from handouts.content.fields import PlainText, Text
from handouts.content.loader import Mark, MarkedDict, MarkedList, SourceFile
from handouts.content.markup import excerpt
from handouts.content.yaml_outline import NO_SPACE, spaces
from handouts.errors import ContentError, ProblemAtKey, did_you_mean

Model = TypeVar("Model", bound=BaseModel)


def _walk(data: Any, loc: tuple[int | str, ...]) -> tuple[Any, Mark | None, Mark | None]:
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


def _model_fields(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
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


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes, no, on and off as true or false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value}"
    if isinstance(value, dict):
        return "a set of 'key: value' lines"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{excerpt(value)}'"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_WANTS_KEYS = ("model_type", "dict_type", "model_attributes_type", "value_error")


def _message(err: Mapping[str, Any], allowed: list[str], value: Any) -> str:
    kind = err["type"]
    field = excerpt(next((s for s in reversed(err["loc"]) if isinstance(s, str)), "value"))
    loose = NO_SPACE.fullmatch(value) if isinstance(value, str) else None
    if loose and kind in _WANTS_KEYS:
        return (
            f"'{excerpt(value, 30)}' has no space after its colon, so YAML reads it as text, "
            f"not the key '{loose['key']}': write '{loose['key']}: {excerpt(loose['rest'], 20)}'"
        )
    if kind == "missing":
        return f"missing required field '{err['loc'][-1]}'"
    if kind == "extra_forbidden":
        key = excerpt(err["loc"][-1])
        return f"unknown key '{key}'{did_you_mean(key, allowed)}"
    if kind in ("string_type", "str_type"):
        hint = "; put it in quotes" if isinstance(value, (bool, int, float, dt.date)) else ""
        return f"'{field}' should be text, not {describe(value)}{hint}"
    if kind in ("list_type", "tuple_type"):
        return f"'{field}' should be a list (lines starting with '- '), not {describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{field}' should be a set of 'key: value' lines, not {describe(value)}"
    if kind.startswith("date") and isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return f"'{value}' is not a real date; write a date that exists, as YYYY-MM-DD"
    if kind.startswith("date"):
        return f"'{field}' should be a date written as YYYY-MM-DD, not {describe(value)}"
    if kind in ("too_short", "string_too_short"):
        return f"'{field}' must not be empty"
    if kind == "too_long" and isinstance(value, str):
        kind = "string_too_long"  # a limit stated after a validator: pydantic says "too_long"
    if kind == "too_long":
        limit, actual = err["ctx"]["max_length"], err["ctx"].get("actual_length", "more")
        return f"'{field}' has {actual} items; a handout takes at most {limit}: split it"
    if kind == "string_too_long":
        limit = err["ctx"]["max_length"]
        what = "split it into shorter parts" if limit > 300 else "shorten it"
        return f"'{field}' is {len(value):,} characters long; at most {limit:,} fit here: {what}"
    bounds = {"greater_than_equal": "at least", "less_than_equal": "at most"}
    bounds |= {"greater_than": "more than", "less_than": "less than"}
    if kind in bounds:
        limit = next(iter(err["ctx"].values()))
        return f"'{field}' must be {bounds[kind]} {limit}, not {describe(value)}"
    if kind in ("int_parsing", "int_from_float", "int_type", "float_parsing", "float_type"):
        number = "a whole number" if kind.startswith("int") else "a number"
        return f"'{field}' must be {number}, not {describe(value)}"
    if kind == "literal_error":
        return f"'{field}' must be {err['ctx']['expected']}, not {describe(value)}"
    if kind == "union_tag_invalid":
        tag = excerpt(err["ctx"]["tag"])
        choices = [t.strip(" '") for t in err["ctx"]["expected_tags"].split(",")]
        return f"unknown part '{tag}'{did_you_mean(tag, choices)}; use one of: {', '.join(choices)}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    return f"'{field}': {err['msg']}"


def validate_file(
    source: SourceFile, model: type[Model]
) -> tuple[Model | None, list[ContentError]]:
    """Validate one file's data against a model; errors point at the offending line."""
    if not isinstance(source.data, MarkedDict):
        return None, [
            ContentError(
                source.display, 1, 1, f"expected 'key: value' lines, found {describe(source.data)}"
            )
        ]
    found, swallowed = _keys_in_text(source, model) if source.text else ([], set())
    found += _comment_errors(source, model)
    try:
        return model.model_validate(source.data), found
    except ValidationError as exc:
        errors = found
        for err in exc.errors():
            loc = tuple(err["loc"])
            value, value_mark, key_mark = _walk(source.data, loc)
            mark = key_mark if err["type"] == "extra_forbidden" and key_mark else value_mark
            problem = err.get("ctx", {}).get("error")
            if isinstance(problem, ProblemAtKey) and isinstance(value, MarkedDict):
                mark = value.key_marks.get(problem.key, mark)
            mark = mark or Mark(1, 1)
            if mark in source.flagged:
                continue  # the loader said what is wrong with this value
            if (loc[:-1], err["loc"][-1]) in swallowed or id(value) in swallowed:
                continue  # its line was read as part of another key: said there
            allowed = _model_fields(model, loc[:-1]) if err["type"] == "extra_forbidden" else []
            errors.append(
                _swallowed(source, model, err, value, swallowed)
                or ContentError(
                    source.display, mark.line, mark.column, _message(err, allowed, value)
                )
            )
        return None, errors


def _swallowed(
    source: SourceFile, model: type[BaseModel], err: Any, value: Any, seen: set[Any]
) -> ContentError | None:
    """A field YAML read as part of the one before it, being indented more than its siblings:
    'reviewed_by:' / ' reviewed_on:' (a mapping under 'reviewed_by'). Said at that line, as an
    indentation to fix."""
    loc = tuple(err["loc"])
    siblings = _model_fields(model, loc[:-1])
    if isinstance(value, MarkedDict) and err["type"] not in ("missing", "extra_forbidden"):
        inside = [key for key in value if key in siblings]
        if not inside or (err["type"] in _WANTS_KEYS and len(inside) < len(value)):
            return None
        seen.update((loc[:-1], key) for key in inside)
        owner, at = loc[-1], value.key_marks[inside[0]]
        return ContentError(
            source.display, at.line, at.column,
            f"'{inside[0]}' is indented more than '{owner}' above it, so YAML reads it as part "
            f"of '{owner}': line it up with '{owner}'",
        )  # fmt: skip
    return None


_KEY_LINE = re.compile(r"( *)([a-z_][a-z0-9_]*):(?:\s|$)")


def _keys_in_text(
    source: SourceFile, model: type[BaseModel]
) -> tuple[list[ContentError], set[Any]]:
    """A key indented like the '>' or '|' text above it is read as a line of that text
    ('alt: >' / '  A drawing…' / '  place: rail'): said at that line, for keys the mapping
    around the text can have. Returns the messages, and (where, key) of each and the mapping it
    is missing from: their own errors ('missing', a figure with no caption) are not repeated."""
    errors, keys = [], set()
    lines = source.text.split("\n")
    for loc, mark, value in _values(source.data, ()):
        header = lines[mark.line - 1][mark.column - 1 :] if mark.line <= len(lines) else ""
        if not isinstance(value, str) or header[:1] not in (">", "|") or not loc:
            continue
        parent, _, _ = _walk(source.data, loc[:-1])
        if not isinstance(loc[-1], str) or not isinstance(parent, MarkedDict):
            continue
        indent = parent.key_marks[loc[-1]].column - 1
        allowed = set(_fields_at(model, loc[:-1])) - {loc[-1]}
        for number in range(mark.line, len(lines)):
            found = _KEY_LINE.match(lines[number])
            depth = len(lines[number]) - len(lines[number].lstrip(" "))
            if lines[number].strip() and depth <= indent:
                break
            if found and found[2] in allowed:
                keys |= {(loc[:-1], found[2]), id(parent)}
                errors.append(
                    ContentError(
                        source.display, number + 1, depth + 1,
                        f"'{found[2]}' is indented like the text of '{loc[-1]}' above it, so "
                        f"YAML reads it as part of that text: line it up with '{loc[-1]}' "
                        f"({spaces(indent)})",
                    )
                )  # fmt: skip
                break
    return errors, keys


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys the mapping at a path can have (any model of a union: an inline block)."""
    current: Any = model
    for segment in loc:
        current, _ = _into(current, segment)
    members = typing.get_args(current) if typing.get_origin(current) else (current,)
    members = tuple(typing.get_args(m)[0] if typing.get_args(m) else m for m in members)
    return [
        field.alias or name
        for member in members
        if isinstance(member, type) and issubclass(member, BaseModel)
        for name, field in member.model_fields.items()
    ]


def _values(data: Any, loc: tuple[int | str, ...]) -> Iterator[tuple[Any, Mark, Any]]:
    """(path, where it starts, value) for every value in a file's data."""
    if isinstance(data, MarkedDict):
        for key, value in data.items():
            yield (*loc, key), data.value_marks[key], value
            yield from _values(value, (*loc, key))
    elif isinstance(data, MarkedList):
        for index, (item, mark) in enumerate(zip(data, data.item_marks, strict=True)):
            yield (*loc, index), mark, item
            yield from _values(item, (*loc, index))


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


def _text_field(model: type[BaseModel], loc: tuple[int | str, ...]) -> bool:
    """Whether a path through a file's data ('body', 2, 'callout', 'title') is validated as
    reader-facing text."""
    current: Any = model
    metadata: list[Any] = []
    for segment in loc:
        current, metadata = _into(current, segment)
        if current is None:
            return False
    return _reads_as_text(current, metadata)


def _into(tp: Any, segment: int | str) -> tuple[Any, list[Any]]:
    """One step of `_text_field`: the type inside, and the field's rules (pydantic keeps a
    field's Annotated rules in its FieldInfo, not in its annotation)."""
    if typing.get_origin(tp) is typing.Annotated:
        return _into(typing.get_args(tp)[0], segment)
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
                return _into(typing.get_args(member)[0], segment)
        for member in members:
            found = _into(member, segment)
            if found[0] is not None:
                return found
    return None, []


def _comment_errors(source: SourceFile, model: type[BaseModel]) -> list[ContentError]:
    """Reader-facing text a ' #' cut short: YAML took the rest of the line for a comment."""
    errors = []
    for loc, mark, _ in _values(source.data, ()) if source.comments else ():
        cut = source.comments.get(mark)
        if cut is not None and _text_field(model, loc):
            at, dropped = cut
            errors.append(
                ContentError(
                    source.display, at.line, at.column,
                    f"a ' #' starts a YAML comment, so '{excerpt(dropped)}' was left out of this "
                    "text: put the whole text in quotes, or the comment on a line of its own",
                )
            )  # fmt: skip
    return errors


def mark_of(source: SourceFile, *loc: int | str) -> Mark:
    """Where a path through a file's data starts (the file's start if it is not there)."""
    _, value_mark, _ = _walk(source.data, loc)
    return value_mark or Mark(1, 1)


def error_at(source: SourceFile, loc: tuple[int | str, ...], message: str) -> ContentError:
    """A problem located at a path through a file's data, e.g. ('colours', 'primary')."""
    mark = mark_of(source, *loc)
    return ContentError(source.display, mark.line, mark.column, message)


def text_values(data: Any, mark: Mark) -> Iterator[tuple[str, Mark]]:
    """Every text value in loaded data, with the mark where it starts."""
    if isinstance(data, str):
        yield data, mark
    elif isinstance(data, MarkedDict):
        for key, value in data.items():
            yield from text_values(value, data.value_marks[key])
    elif isinstance(data, MarkedList):
        for item, item_mark in zip(data, data.item_marks, strict=True):
            yield from text_values(item, item_mark)
