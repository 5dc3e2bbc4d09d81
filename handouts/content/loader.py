"""Stage 1 of the pipeline: YAML files to plain data that remembers where each value came from.

Only plain data is accepted (mappings, lists, text, numbers, dates): PyYAML's SafeLoader, plus
three refusals it does not make by itself: duplicate keys (PyYAML keeps the last silently, which
would drop a section without a word), aliases (nobody writing a handout needs them, and they are
how "billion laughs" bombs are built), and non-UTF-8 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handouts.errors import ContentError

MAX_DEPTH = 100
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML refuses as text (its 'printable' set), found before parsing, with a position."""
MAX_FILE_BYTES = 1_000_000
"""A handout's YAML is a few kilobytes; anything near a megabyte is a mistake, not content."""


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    column: int

    @classmethod
    def of(cls, node: yaml.Node) -> Mark:
        return cls(node.start_mark.line + 1, node.start_mark.column + 1)


class MarkedDict(dict[Any, Any]):
    """A mapping that knows where it, each key and each value start."""

    mark: Mark
    key_marks: dict[Any, Mark]
    value_marks: dict[Any, Mark]


class MarkedList(list[Any]):
    """A list that knows where it and each item start."""

    mark: Mark
    item_marks: list[Mark]


@dataclass
class SourceFile:
    """One loaded YAML file: its data, and the name to show in messages."""

    path: Path
    display: str
    data: Any


class _Marking(yaml.constructor.SafeConstructor):
    """Builds MarkedDict/MarkedList and records problems instead of stopping."""

    display: str
    problems: list[ContentError]

    def problem(self, node: yaml.Node, message: str) -> None:
        mark = Mark.of(node)
        self.problems.append(ContentError(self.display, mark.line, mark.column, message))

    def construct_marked_map(self, node: yaml.MappingNode) -> MarkedDict:
        mapping = MarkedDict()
        mapping.mark = Mark.of(node)
        mapping.key_marks = {}
        mapping.value_marks = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                self.problem(key_node, f"key {key!r} must be a word, not a number or date")
                continue
            if key in mapping:
                first = mapping.key_marks[key]
                self.problem(
                    key_node,
                    f"duplicate key '{key}' (first set on line {first.line}); remove one of them",
                )
                continue
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_marks[key] = Mark.of(key_node)
            mapping.value_marks[key] = Mark.of(value_node)
        return mapping

    def construct_marked_seq(self, node: yaml.SequenceNode) -> MarkedList:
        items = MarkedList(self.construct_object(child, deep=True) for child in node.value)
        items.mark = Mark.of(node)
        items.item_marks = [Mark.of(child) for child in node.value]
        return items


class _CheckedLoader(_Marking, yaml.SafeLoader):
    """Pure-Python parser: slower, but its errors carry the clearest positions. Used to explain
    a file the fast loader rejected."""

    def __init__(self, stream: str, display: str):
        yaml.SafeLoader.__init__(self, stream)
        self.display = display
        self.problems = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in handout content; write the text out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


class _FastLoader(_Marking, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser (PyYAML's wheels include it): about seven times faster than the
    Python one, which a no-op rebuild feels. The same safe constructors."""

    def __init__(self, stream: str, display: str):
        super().__init__(stream)  # type: ignore[call-arg]
        self.display = display
        self.problems = []

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # An alias is the same node met twice: refuse it before expanding it (no bombs).
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(None, None, "alias", node.start_mark)
        return super().construct_object(node, deep)


for _loader in (_CheckedLoader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:map", _Marking.construct_marked_map)  # type: ignore[type-var]
    _loader.add_constructor("tag:yaml.org,2002:seq", _Marking.construct_marked_seq)  # type: ignore[type-var]


def _yaml_problem(error: yaml.YAMLError, display: str) -> ContentError:
    """Turn PyYAML's multi-line report into one located, actionable line."""
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    mark = problem_mark or context_mark
    if "'\\t'" in problem or "\t" in problem:
        message = "tab character; indent with spaces, not tabs"
    elif "constructor for the tag" in problem:
        tag = problem.split("tag", 1)[-1].strip(" '").replace("tag:yaml.org,2002:", "!!")
        message = f"the tag '{tag}' is not allowed; handout content is plain text and lists"
    elif "aliases" in problem:
        message = problem
    elif "quoted scalar" in context and context_mark is not None:
        mark = context_mark  # where the quote was opened, not the end of the file
        message = "this quote is never closed; add the closing quote"
    elif problem.startswith("expected <block end>"):
        message = "YAML syntax error: this line is indented differently from the lines above it"
    elif "mapping values are not allowed" in problem:
        message = "YAML syntax error: text contains ': '; put the whole text in quotes"
    else:
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
        message += "; check the indentation, and put text containing ': ' in quotes"
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return ContentError(display, line, column, message)


def load_yaml(path: Path, display: str) -> tuple[SourceFile | None, list[ContentError]]:
    """Read one YAML file. Returns the data (None if unreadable) and every problem found."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(display, 0, 0, f"cannot read file: {exc.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1000
        return None, [ContentError(display, 0, 0, f"file is larger than {limit} KB; split it")]
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from Windows editors is harmless
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [ContentError(display, line, column, "not UTF-8 text; save the file as UTF-8")]
    if not text.strip():
        return None, [ContentError(display, 1, 1, "file is empty")]
    problem = _unprintable(text, display) or _too_deep(text, display)
    if problem:
        return None, [problem]
    loader = _FastLoader(text, display)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as fast_error:
        return None, _explain(text, display, fast_error)
    finally:
        loader.dispose()
    return SourceFile(path, display, data), loader.problems


def _unprintable(text: str, display: str) -> ContentError | None:
    """A control character (often pasted from another program) is invisible in an editor;
    say where it is. PyYAML refuses them too, but with no line."""
    found = _UNPRINTABLE.search(text)
    if found is None:
        return None
    line, column = _position(text, found.start())
    return ContentError(
        display, line, column,
        f"invisible control character U+{ord(found.group()):04X}; delete it "
        "(it often comes with text copied from another program)",
    )  # fmt: skip


def _too_deep(text: str, display: str) -> ContentError | None:
    """Lists in lists nested thousands deep crash libyaml (C recursion). Handout content
    nests a few levels, so a cheap per-line bound clears real files; only a file over that
    bound is parsed for its exact depth, event by event (no recursion)."""
    bound = max(
        len(line) - len(line.lstrip(" "))
        + line.count("[") + line.count("{") + line.count("- ") + line.count("? ")
        for line in text.splitlines()
    )  # fmt: skip
    if bound < MAX_DEPTH:
        return None
    try:
        return _deepest(text, display, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        if "nesting depth" not in str(error):
            return None  # a syntax error: the loaders report it with a better message
    # libyaml 0.2.5 (PyYAML 6.0.3 and later) stops at 1,000 levels while still scanning ahead,
    # before it has given a single event; the Python parser looks ahead at most 1,024
    # characters, so it reaches our limit, and stops there, after a hundred or so events.
    try:
        return _deepest(text, display, yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return ContentError(display, 0, 0, _TOO_DEEP)


_TOO_DEEP = (
    f"lists or sections nested more than {MAX_DEPTH} deep; "
    "handout content needs a few levels at most"
)


def _deepest(text: str, display: str, loader: Any) -> ContentError | None:
    """The first collection that opens deeper than MAX_DEPTH, found event by event."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
                return ContentError(display, line, column, _TOO_DEEP)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _explain(text: str, display: str, fast_error: yaml.YAMLError) -> list[ContentError]:
    """Parse a rejected file again with the Python parser, whose messages we translate."""
    try:
        loader = _CheckedLoader(text, display)
    except yaml.YAMLError:
        return [_yaml_problem(fast_error, display)]
    try:
        loader.get_single_data()
    except yaml.YAMLError as exc:
        return [*loader.problems, _yaml_problem(exc, display)]
    except RecursionError:  # never expected (depth is bounded first), but never a traceback
        return [_yaml_problem(fast_error, display)]
    finally:
        loader.dispose()
    return [*loader.problems, _yaml_problem(fast_error, display)]
