"""YAML that loaded, but not as its editor meant: each case said at the line to fix.

A key indented into the mapping or the '>' text above it, a text that starts with '#' or '&'
(read as a comment or an anchor, so empty), a ' #' that cut a text short, and the character a
text's problem names (a stray '**', a pasted tag), found in the file from where the text
starts. locate.py asks here before it words pydantic's own error.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel

from handouts.content.loader import Mark, MarkedDict, SourceFile
from handouts.content.markup import excerpt
from handouts.content.walk import fields_at, model_fields, text_field, values, walk
from handouts.content.yaml_outline import spaces
from handouts.errors import ContentError, ProblemInText

WANTS_KEYS = ("model_type", "dict_type", "model_attributes_type", "value_error")
"""Pydantic's errors for a value that should have been a mapping (or a part's one key)."""


def in_text(source: SourceFile, mark: Mark, problem: ProblemInText) -> Mark:
    """Where in the file the character a text's problem names is: the same character, as
    many times over, from where the text starts (YAML's folding and quoting move words, never
    change a '*' or '<'). The text's start when it cannot be found."""
    if problem.offset is None or not source.text or problem.offset >= len(problem.text):
        return mark
    wanted = problem.text[problem.offset]
    lines = source.text.split("\n")
    start = sum(len(line) + 1 for line in lines[: mark.line - 1]) + mark.column - 1
    at = start - 1
    for _ in range(problem.text.count(wanted, 0, problem.offset) + 1):
        at = source.text.find(wanted, at + 1)
        if at < 0:
            return mark
    line = source.text.count("\n", 0, at) + 1
    return Mark(line, at - (source.text.rfind("\n", 0, at) + 1) + 1)


def swallowed_key(
    source: SourceFile, model: type[BaseModel], err: Any, value: Any, seen: set[Any]
) -> ContentError | None:
    """A field YAML read as part of the one before it, being indented more than its siblings:
    'reviewed_by:' / ' reviewed_on:' (a mapping under 'reviewed_by'). Said at that line, as an
    indentation to fix."""
    loc = tuple(err["loc"])
    siblings = model_fields(model, loc[:-1])
    if isinstance(value, MarkedDict) and err["type"] not in ("missing", "extra_forbidden"):
        inside = [key for key in value if key in siblings]
        if not inside or (err["type"] in WANTS_KEYS and len(inside) < len(value)):
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


def keys_in_text(source: SourceFile, model: type[BaseModel]) -> tuple[list[ContentError], set[Any]]:
    """A key indented like the '>' or '|' text above it is read as a line of that text
    ('alt: >' / '  A drawing…' / '  place: rail'): said at that line, for keys the mapping
    around the text can have. Returns the messages, and (where, key) of each and the mapping it
    is missing from: their own errors ('missing', a figure with no caption) are not repeated."""
    errors, keys = [], set()
    lines = source.text.split("\n")
    for loc, mark, value in values(source.data, ()):
        header = lines[mark.line - 1][mark.column - 1 :] if mark.line <= len(lines) else ""
        if not isinstance(value, str) or header[:1] not in (">", "|") or not loc:
            continue
        parent, _, _ = walk(source.data, loc[:-1])
        if not isinstance(loc[-1], str) or not isinstance(parent, MarkedDict):
            continue
        indent = parent.key_marks[loc[-1]].column - 1
        allowed: set[str] | None = None  # worked out only for a line that starts like a key
        for number in range(mark.line, len(lines)):
            found = _KEY_LINE.match(lines[number])
            depth = len(lines[number]) - len(lines[number].lstrip(" "))
            if lines[number].strip() and depth <= indent:
                break
            if found and allowed is None:
                allowed = set(fields_at(model, loc[:-1])) - {loc[-1]}
            if found and allowed and found[2] in allowed:
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


def cut_by_comments(source: SourceFile, model: type[BaseModel]) -> list[ContentError]:
    """Reader-facing text a ' #' cut short: YAML took the rest of the line for a comment."""
    errors = []
    for loc, mark, _ in values(source.data, ()) if source.comments else ():
        cut = source.comments.get(mark)
        if cut is not None and text_field(model, loc):
            at, dropped = cut
            errors.append(
                ContentError(
                    source.display, at.line, at.column,
                    f"a ' #' starts a YAML comment, so '{excerpt(dropped)}' was left out of this "
                    "text: put the whole text in quotes, or the comment on a line of its own",
                )
            )  # fmt: skip
    return errors


def emptied(source: SourceFile, mark: Mark) -> ContentError | None:
    """A text YAML read as nothing, as it starts with '#' (a comment) or '&' (an anchor):
    'paragraph: #1 priority'. Said at that character."""
    lines = source.text.split("\n")
    rest = lines[mark.line - 1][mark.column - 1 :] if 0 < mark.line <= len(lines) else ""
    first = rest.lstrip(" ")[:1]
    if first not in ("#", "&"):
        return None
    what = "a comment" if first == "#" else "an anchor (a name for the value after it)"
    return ContentError(
        source.display, mark.line, mark.column + len(rest) - len(rest.lstrip(" ")),
        f"a text that starts with '{first}' must be in quotes: YAML reads '{first}' there as "
        f"{what}, so this text is empty; put the whole text in quotes",
    )  # fmt: skip


def missing_field(
    source: SourceFile, model: type[BaseModel], loc: tuple[int | str, ...]
) -> ContentError | None:
    """A required key not there, said where it belongs: at a key that looks like a typo of it
    ('headng', which has its own 'unknown key' message), or after the key it follows in the
    model ("add 'message:' after 'title'"). None when neither is there (the mapping's start
    will do)."""
    parent, _, _ = walk(source.data, loc[:-1])
    name = loc[-1]
    if not isinstance(parent, MarkedDict) or not isinstance(name, str) or not parent:
        return None
    order = fields_at(model, loc[:-1])
    typo = difflib.get_close_matches(name, [k for k in parent if k not in order], n=1)
    if typo:
        at = parent.key_marks[typo[0]]
        message = f"missing required field '{name}': the key on this line looks like a misspelling"
    else:
        before = (
            [key for key in order[: order.index(name)] if key in parent] if name in order else []
        )
        if not before:
            return None
        at = parent.key_marks[before[-1]]
        message = f"missing required field '{name}': add '{name}:' after '{before[-1]}'"
    return ContentError(source.display, at.line, at.column, message)
