"""Pydantic's errors, located: each one becomes `file:line:col: what to do`, in the editor's words.

Pydantic reports a path through the data ('blocks', 2, 'body', 0, 'callout', 'title'); the
loader's marked data knows where each step of that path starts in the file (walk.py). Where the
data is not what the editor meant (a key indented into the text above it), misread.py says so
at the line to fix, instead of pydantic's complaint about what YAML made of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handouts.content.loader import Mark, MarkedDict, MarkedList, SourceFile
from handouts.content.markup import excerpt
from handouts.content.misread import (
    WANTS_KEYS,
    cut_by_comments,
    emptied,
    in_text,
    keys_in_text,
    missing_field,
    swallowed_key,
)
from handouts.content.walk import model_fields, walk
from handouts.content.yaml_outline import NO_SPACE, dash_without_space
from handouts.errors import ContentError, ProblemAtKey, ProblemInText, did_you_mean

Model = TypeVar("Model", bound=BaseModel)


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


def _message(err: Mapping[str, Any], allowed: list[str], value: Any) -> str:
    kind = err["type"]
    field = excerpt(next((s for s in reversed(err["loc"]) if isinstance(s, str)), "value"))
    loose = NO_SPACE.fullmatch(value) if isinstance(value, str) else None
    if loose and kind in WANTS_KEYS:
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
    dashed = [k for k in value if str(k)[:1] == "-"] if isinstance(value, dict) else []
    if kind in ("list_type", "tuple_type") and dashed:
        return dash_without_space(str(dashed[0]))
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
    found, swallowed = keys_in_text(source, model) if source.text else ([], set())
    found += cut_by_comments(source, model)
    try:
        return model.model_validate(source.data), found
    except ValidationError as exc:
        errors = found
        for err in exc.errors():
            loc = tuple(err["loc"])
            value, value_mark, key_mark = walk(source.data, loc)
            mark = key_mark if err["type"] == "extra_forbidden" and key_mark else value_mark
            problem = err.get("ctx", {}).get("error")
            if isinstance(problem, ProblemAtKey) and isinstance(value, MarkedDict):
                mark = value.key_marks.get(problem.key, mark)
            if isinstance(problem, ProblemInText) and mark is not None:
                mark = in_text(source, mark, problem)
            mark = mark or Mark(1, 1)
            if mark in source.flagged:
                continue  # the loader said what is wrong with this value
            if (loc[:-1], err["loc"][-1]) in swallowed or id(value) in swallowed:
                continue  # its line was read as part of another key: said there
            allowed = model_fields(model, loc[:-1]) if err["type"] == "extra_forbidden" else []
            errors.append(
                swallowed_key(source, model, err, value, swallowed)
                or (emptied(source, mark) if value is None else None)
                or (missing_field(source, model, loc) if err["type"] == "missing" else None)
                or ContentError(
                    source.display, mark.line, mark.column, _message(err, allowed, value)
                )
            )
        # 'headng:' is one mistake: its "unknown key … (did you mean 'heading'?)" says it all.
        guessed = {(e.line, e.column) for e in errors if "(did you mean '" in e.message}
        return None, [e for e in errors if not (
            (e.line, e.column) in guessed and e.message.endswith("looks like a misspelling")
        )]  # fmt: skip


def mark_of(source: SourceFile, *loc: int | str) -> Mark:
    """Where a path through a file's data starts (the file's start if it is not there)."""
    _, value_mark, _ = walk(source.data, loc)
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
