"""Stage 1 of the pipeline: YAML files to plain data that remembers where each value came from.

Only plain data: text, numbers, true/false, empty, lists, mappings and ISO dates (PyYAML's safe
constructors). Refused, each with its place: any explicit tag (`!!binary`, `!custom`, even `!`),
duplicate keys (PyYAML keeps the last silently, dropping a section), aliases (how "billion
laughs" bombs are built), non-UTF-8 bytes, control characters (typed, or escapes like "\\e"),
dates that do not exist, numbers no handout needs (dozens of digits, .inf, .nan), and files or
folders too big to load in a moment. Text is normalised to NFC; lines may end in LF, CRLF or CR.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handouts.content.markup import CONTROL, control_problem, excerpt
from handouts.content.yaml_errors import PLAIN, dropped_comment, explain, glued_item
from handouts.errors import ContentError

MAX_DEPTH = 100
MAX_FILE_BYTES = 1_000_000
"""A handout's YAML is a few kilobytes; anything near a megabyte is a mistake, not content."""
MAX_FILE_VALUES = 20_000
"""Texts, numbers, lists and mappings in one file (the largest shipped file has about 200).
Each costs some 15 µs and 500 bytes to load: the limit keeps one file under half a second."""
MAX_FOLDER_BYTES = 5_000_000
MAX_FOLDER_VALUES = 100_000
"""The same over a whole content folder (the shipped one: 36 KB, 1,640 values)."""
MAX_NUMBER = 20
"""Characters in a number: far more than any setting needs (Python refuses ints over 4,300)."""


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    column: int

    @classmethod
    def of(cls, node: yaml.Node | yaml.Event) -> Mark:
        mark: Any = node.start_mark
        return cls(mark.line + 1, mark.column + 1)


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
    flagged: frozenset[Mark] = frozenset()
    """Where the loader already reported a value: the models' errors there are not repeated."""
    text: str = ""
    comments: dict[Mark, tuple[Mark, str]] = field(default_factory=dict)
    """Plain texts a ' #' cut short (PyYAML drops comments): where each text starts -> where
    its comment starts, and the words dropped. locate.py reports those in reader-facing text."""
    values: int = 0
    """How many values the file holds: what it cost the folder's budget."""


@dataclass
class Budget:
    """What a content folder may still read, over all its files."""

    bytes: int = MAX_FOLDER_BYTES
    values: int = MAX_FOLDER_VALUES
    exceeded: bool = False


FOLDER_TOO_BIG = (
    f"the content folder holds more than {MAX_FOLDER_BYTES // 1_000_000} MB or "
    f"{MAX_FOLDER_VALUES:,} values of YAML in all, far more than any catalog of handouts; "
    "split it into several content folders"
)


class Refused:
    """A value the loader reported: models refuse it, and locate does not report it again."""


REFUSED = Refused()


class _Marking(yaml.constructor.SafeConstructor):
    """Builds MarkedDict/MarkedList and records problems instead of stopping."""

    display: str
    problems: list[ContentError]
    flagged: set[Mark]
    values: int
    lines: list[str]
    comments: dict[Mark, tuple[Mark, str]]

    def _start(self, display: str, text: str) -> None:
        self.display, self.problems, self.flagged, self.values = display, [], set(), 0
        self.lines, self.comments = text.split("\n"), {}

    def problem(self, node: yaml.Node, message: str) -> Refused:
        """Record a problem with a value; the value becomes REFUSED, which no model accepts."""
        mark = Mark.of(node)
        self.flagged.add(mark)
        self.problems.append(ContentError(self.display, mark.line, mark.column, message))
        return REFUSED

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        self.values += 1
        return super().construct_object(node, deep)

    def construct_marked_map(self, node: yaml.MappingNode) -> MarkedDict:
        mapping = MarkedDict()
        mapping.mark = Mark.of(node)
        mapping.key_marks = {}
        mapping.value_marks = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key is REFUSED:
                continue
            if not isinstance(key, str):
                self.problem(key_node, f"key '{excerpt(key)}' must be a word, not a number or date")
                continue
            if key in mapping:
                first = mapping.key_marks[key]
                self.problem(
                    key_node,
                    f"duplicate key '{excerpt(key)}' (first set on line {first.line}); "
                    "remove one of them",
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

    def construct_checked_str(self, node: yaml.ScalarNode) -> str | Refused:
        value: str = self.construct_scalar(node)
        if not value.isascii():
            value = unicodedata.normalize("NFC", value)
        problem = control_problem(value)
        if problem:
            return self.problem(node, problem)
        if not node.style:  # plain text: a list item or comment YAML took for something else
            glued = (
                glued_item(self.lines, node) if node.end_mark.line > node.start_mark.line else None
            )
            if glued is not None:
                self.flagged.add(Mark.of(node))
                self.problems.append(ContentError(self.display, *glued))
                return REFUSED
            last = self.lines[node.end_mark.line] if node.end_mark.line < len(self.lines) else ""
            cut = dropped_comment(self.lines, node) if "#" in last else None
            if cut is not None:
                self.comments[Mark.of(node)] = (Mark(cut[0], cut[1]), cut[2])
        return value

    def construct_checked_number(self, node: yaml.ScalarNode) -> Any:
        text = self.construct_scalar(node)
        if ":" in text:  # YAML 1.1's base 60 ('9:30' read as 570): text, as in YAML 1.2
            return self.construct_checked_str(node)
        if len(text) > MAX_NUMBER:
            message = f"a number {len(text):,} characters long; no handout needs one"
        else:
            number = (
                _SAFE.construct_yaml_float(self, node)
                if "float" in node.tag
                else int(_SAFE.construct_yaml_int(self, node))
            )
            if math.isfinite(number):
                return number
            message = f"'{excerpt(text)}' is not a number a handout can use"
        return self.problem(node, message + ": write a number such as 4 or 2.5, or text in quotes")

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            text = excerpt(self.construct_scalar(node))
            return self.problem(
                node,
                f"'{text}' is not a real date; write a date that exists, as YYYY-MM-DD (or put "
                "text in quotes)",
            )


class _CheckedLoader(_Marking, yaml.SafeLoader):
    """Pure-Python parser: slower, but its errors carry the clearest positions. Used to explain
    a file the fast loader rejected."""

    def __init__(self, stream: str, display: str):
        yaml.SafeLoader.__init__(self, stream)
        self._start(display, stream)

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
        self._start(display, stream)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # An alias is the same node met twice: refuse it before expanding it (no bombs).
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(None, None, "alias", node.start_mark)
        return super().construct_object(node, deep)


_SAFE = yaml.constructor.SafeConstructor
_YAML = "tag:yaml.org,2002:"
for _loader in (_CheckedLoader, _FastLoader):
    for _tag, _method in (
        ("map", _Marking.construct_marked_map),
        ("seq", _Marking.construct_marked_seq),
        ("str", _Marking.construct_checked_str),
        ("int", _Marking.construct_checked_number),
        ("float", _Marking.construct_checked_number),
        ("timestamp", _Marking.construct_checked_timestamp),
        ("merge", _Marking.construct_checked_str),  # '<<' and '=' are text, not YAML 1.1's keys
        ("value", _Marking.construct_checked_str),
    ):
        _loader.add_constructor(_YAML + _tag, _method)  # type: ignore[type-var]


def parse_yaml(
    raw: bytes, path: Path, display: str, budget: Budget | None = None
) -> tuple[SourceFile | None, list[ContentError]]:
    """One YAML file's bytes to marked data (None if unusable), with every problem found."""
    raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from Windows editors is harmless
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [ContentError(display, line, column, "not UTF-8 text; save the file as UTF-8")]
    if not text.strip():
        return None, [ContentError(display, 1, 1, "file is empty")]
    values = MAX_FILE_VALUES if budget is None else min(MAX_FILE_VALUES, budget.values)
    problems = _unprintable(text, display) or _too_deep(text, display)
    problems = problems or _scan(text, display, values, budget)
    if problems:
        return None, problems
    loader = _FastLoader(text, display)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as fast_error:
        return None, _explain(text, display, fast_error)
    finally:
        loader.dispose()
    if budget is not None:
        budget.values -= loader.values
    flagged = frozenset(loader.flagged)
    source = SourceFile(path, display, data, flagged, text, loader.comments, loader.values)
    return source, loader.problems


def _unprintable(text: str, display: str) -> list[ContentError]:
    """An invisible control character, located (PyYAML refuses most of them, with no line)."""
    found = CONTROL.search(text)
    if found is None:
        return []
    index = found.start()
    line, column = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
    return [ContentError(display, line, column, control_problem(found.group()) or "")]


def _scan(text: str, display: str, limit: int, budget: Budget | None) -> list[ContentError]:
    """Explicit tags, and more values than `limit`, found event by event before anything is
    built; skipped when no '!' and too few lines, commas and colons to hold that many values."""
    bound = sum(text.count(c) for c in "\n,,:[{-?") + 2  # a ',' in {a, b} ends two values
    if bound <= limit and "!" not in text:
        return []
    problems, count = [], 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if not isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                continue
            count += 1
            mark = Mark.of(event)
            if count > limit:
                if limit < MAX_FILE_VALUES and budget is not None:
                    budget.exceeded = True
                    return [ContentError(display, mark.line, mark.column, FOLDER_TOO_BIG)]
                message = (
                    f"more than {limit:,} values (texts, list items and keys) in one file; a "
                    "handout file has a few hundred: split it"
                )
                return [ContentError(display, mark.line, mark.column, message)]
            if event.tag is not None:
                tag = excerpt(event.tag.replace(_YAML, "!!"))
                message = f"the tag '{tag}' is not allowed; {PLAIN}"
                problems.append(ContentError(display, mark.line, mark.column, message))
    except yaml.YAMLError:
        pass  # a syntax error: the loaders report it with a better message
    return problems


def _too_deep(text: str, display: str) -> list[ContentError]:
    """Lists in lists nested thousands deep crash libyaml (C recursion). Handout content
    nests a few levels, so a cheap per-line bound clears real files; only a file over that
    bound is parsed for its exact depth, event by event (no recursion)."""
    bound = max(
        len(line) - len(line.lstrip(" "))
        + line.count("[") + line.count("{") + line.count("- ") + line.count("? ")
        for line in text.splitlines()
    )  # fmt: skip
    if bound < MAX_DEPTH:
        return []
    try:
        found = _deepest(text, display, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return [found] if found else []
    except yaml.YAMLError as error:
        if "nesting depth" not in str(error):
            return []  # a syntax error: the loaders report it with a better message
    # libyaml 0.2.5 (PyYAML 6.0.3+) stops at 1,000 levels while scanning ahead, before its first
    # event; the Python parser looks ahead 1,024 characters, so it stops at our limit.
    try:
        found = _deepest(text, display, yaml.SafeLoader)
        return [found] if found else []
    except (yaml.YAMLError, RecursionError):
        return [ContentError(display, 0, 0, _TOO_DEEP)]


_TOO_DEEP = f"lists or sections nested more than {MAX_DEPTH} deep; handout content needs a few"
_TOO_DEEP += " levels at most"


def _deepest(text: str, display: str, loader: Any) -> ContentError | None:
    """The first collection that opens deeper than MAX_DEPTH, found event by event."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = Mark.of(event)
                return ContentError(display, mark.line, mark.column, _TOO_DEEP)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _explain(text: str, display: str, fast_error: yaml.YAMLError) -> list[ContentError]:
    """Parse a rejected file again with the Python parser, whose messages we translate."""
    try:
        loader = _CheckedLoader(text, display)
    except yaml.YAMLError:
        return [explain(text, fast_error, display)]
    try:
        loader.get_single_data()
    except yaml.YAMLError as exc:
        return [*loader.problems, explain(text, exc, display)]
    except (RecursionError, ValueError, OverflowError):  # depth is bounded; "\U00110000"
        return [explain(text, fast_error, display)]
    finally:
        loader.dispose()
    return [*loader.problems, explain(text, fast_error, display)]
