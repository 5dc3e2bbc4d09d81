"""A YAML file's outline, read forgivingly: its keys and list items as a tree, whatever their
indentation, for yaml_errors.py to name the line an editor got wrong.

YAML's block structure is its indentation, and PyYAML stops at the first line it cannot place,
often after the mistake. `outline_problems` reads every line the way YAML would, but never
stops: each key and list item hangs under the nearest line less indented than it (or, where
YAML would refuse the line, under the one it most likely meant), so that yaml_errors.py can
compare siblings that start on different columns. Reading, it also finds tabs, 'key:value'
with no space, a quote left open over the next keys, a list under a key that already has its
text, and a key between an empty key and the lines meant to be under it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from handouts.content.markup import excerpt

_KEY = re.compile(
    r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#\[\]{}!&*|>%@`,?:-][^:#]*?|-[^\s:#][^:#]*?)
        [ \t]*:(?:[ \t]+|$)(?P<rest>.*)""",
    re.VERBOSE,
)
NO_SPACE = re.compile(r"(?P<key>[a-z][a-z0-9_]+):(?P<rest>(?=[^\W\d_]|[\"'])\S.*)")
"""'heading:After': a key with no space after its colon reads as text. (A letter or a quote
after the colon: not 'https://', '9:30' or 'a:;'.)"""
_FIELD = re.compile(r"[a-z_][a-z0-9_]*:(?:\s|$)")
"""A line that starts like one of the content's keys ('heading: '), not like prose."""
BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*")


def dash_without_space(key: str) -> str:
    """What to say of '-paragraph:', which YAML reads as a key named '-paragraph'."""
    return (
        f"'{excerpt(key, 30)}' needs a space after its '-' to start a list item: write "
        f"'- {excerpt(key[1:], 30)}'"
    )


def spaces(count: int) -> str:
    """'1 space', '4 spaces'."""
    return f"{count} space{'' if count == 1 else 's'}"


@dataclass(eq=False)
class Node:
    """A key or list item in the outline, with where its children start."""

    line: int
    indent: int
    kind: str
    """'key' or 'item'."""
    name: str
    opens: bool
    """Nothing follows its colon or dash: what belongs to it is on the lines below."""
    children: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    line: int
    column: int
    message: str
    weak: bool = False
    """The earlier of two siblings that disagree, when neither is the majority: the mistake
    only if PyYAML stopped before the later one."""


_QUOTED = {
    '"': re.compile(r'"(?:[^"\\]|\\.)*+"', re.DOTALL),
    "'": re.compile(r"'(?:[^']|'')*+'"),
}
"""A quoted text, whole. Possessive: the single-quoted ''' is an open quote, not ''."""


def value_end(rest: str) -> tuple[str, bool]:
    """A value without its comment, and whether a quote it opens closes on this line."""
    if rest[:1] in _QUOTED:
        match = _QUOTED[rest[0]].match(rest)
        return (rest[: match.end()], True) if match else (rest, False)
    return re.split(r"(?:^|\s)#", rest, maxsplit=1)[0].rstrip(), True


def brackets(text: str) -> int:
    """How many flow brackets ('[', '{') a line leaves open, quotes skipped."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'', "", text)
    return text.count("[") + text.count("{") - text.count("]") - text.count("}")


class Outline:
    """A file's lines read as YAML's block structure would, but never stopping: each key and
    list item hangs under the nearest line less indented than it, so siblings that disagree
    on their indentation can be compared afterwards (yaml_errors.py)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.root = Node(0, -1, "key", "", True)
        self.stack: list[Node] = [self.root]
        self.findings: list[Finding] = []
        self.nodes: list[Node] = []
        self.values: list[tuple[int, int, str]] = []
        """Each value written on a key's or item's line: (line, column, as written)."""
        self.texts: list[tuple[Node, str, list[tuple[int, int]]]] = []
        """Each '>' or '|' text: its key, header and (line number, indent) of its lines."""
        self.scalar: Node | None = None
        """The node whose plain text the next, deeper lines continue."""

    def read(self) -> Outline:
        number = 0
        while number < len(self.lines):
            number = self._line(number)
        steps = Counter(
            node.children[0].indent - node.indent
            for node in self.nodes
            if node.children and node.children[0].indent > node.indent
        )
        self.step = steps.most_common(1)[0][0] if steps else 2
        """The file's usual indentation step, which breaks a tie between siblings."""
        return self

    def _find(self, line: int, column: int, message: str, weak: bool = False) -> None:
        self.findings.append(Finding(line, column, message, weak))

    def _line(self, index: int) -> int:
        raw = self.lines[index]
        number, content = index + 1, raw.strip(" ")
        indent = len(raw) - len(raw.lstrip(" "))
        if not content or content.startswith("#") or content in ("---", "..."):
            return index + 1
        if content.startswith("\t"):
            self._find(number, indent + 1, "tab character; indent with spaces, not tabs")
            return index + 1
        if content == "-" or content.startswith("- "):
            return self._item(index, indent, content)
        match = _KEY.fullmatch(content)
        if match is None:
            return self._text(index, indent, content)
        return self._key(index, indent, match["key"], match["rest"])

    def _parent(self, number: int, indent: int, kind: str) -> Node:
        """The node a key or item at `indent` belongs to, the outline updated to it. Where
        YAML would refuse the line, the parent it most likely meant."""
        while self.stack[-1].indent > indent:
            self.stack.pop()
        top = self.stack[-1]
        opens_a_list = top.kind == "key" and top.opens and kind == "item"
        if (
            opens_a_list
            and top.indent == indent
            and all(c.kind == "item" and c.indent == indent for c in top.children)
        ):
            return top  # 'key:' / '- item' on the key's column
        inline = self._inline_item(indent) if kind == "item" else None
        if inline is not None:
            return inline
        if top.indent == indent:
            if opens_a_list and all(child.kind == "item" for child in top.children):
                return top  # the same, with items further right after it: compared later
            held = top.children[0] if top.kind == "item" and top.children else None
            compact = len(self.stack) > 1 and self.stack[-2].indent == indent
            inline_key = held is not None and held.kind == "key" and held.line == top.line
            if kind == "key" and inline_key and not compact:
                return top  # lined up with the '-' of '- key: …': a key of that item
            self.stack.pop()  # a sibling of the top
            if kind == "key" and top.kind == "item" and self.stack[-1].indent == indent:
                self.stack.pop()  # 'key:' / '- a' / 'next:' on one column: the list has ended
            return self.stack[-1]
        if not top.opens:
            if kind == top.kind:
                self.stack.pop()  # deeper than a sibling that has its value: a sibling, misplaced
                return self._owner_before(number, indent, kind, self.stack[-1]) or self.stack[-1]
            self._under_a_value(number, indent, kind, top)
        return top

    def _inline_item(self, indent: int) -> Node | None:
        """For an item at `indent` right of an item that holds a key or item on its own line
        ('- key: …', '- - …'): the parent it belongs to, or None when that rule does not
        apply. Left of what the item holds, or lined up with a key that has its value, it is a
        sibling of that item, misplaced; lined up with a key that opens a list, an item of
        that list (whichever list it is nearer to, when that list starts further right)."""
        index = next(
            (i for i in range(len(self.stack) - 1, 0, -1) if self.stack[i].kind == "item"), 0
        )
        item = self.stack[index]
        held = item.children[0] if item.children else None
        if not index or held is None or held.line != item.line or item.indent > indent:
            return None
        if len(self.stack) - index > 2 or self.stack[-1] not in (item, *item.children):
            return None  # deeper in what the item holds
        if indent > held.indent:
            return None
        del self.stack[index + 1 :]
        if indent == item.indent:
            self.stack.pop()
            return self.stack[-1]  # the next item
        if indent == held.indent and held.kind == "item":
            return item  # '- - a' / '  - b': the inner list goes on
        if indent == held.indent and held.opens and all(c.kind == "item" for c in held.children):
            nearer = not held.children or held.children[0].indent - indent <= indent - item.indent
            if nearer:
                self.stack.append(held)
                return held
        self.stack.pop()
        return self.stack[-1]

    def _owner_before(self, number: int, indent: int, kind: str, parent: Node) -> Node | None:
        """'callout:' / 'title: …' / '  tone: …': the lines between a key with nothing after
        its colon and a deeper line were meant to be under that key too. Says so, and returns
        the key the deeper line belongs to."""
        siblings = parent.children
        for place in range(len(siblings) - 1, -1, -1):
            owner = siblings[place]
            if not owner.opens:
                continue
            if owner.kind != "key":
                return None
            children = owner.children
            if owner.indent >= indent or (
                children and (children[0].indent != indent or children[0].kind != kind)
            ):
                return None
            between = siblings[place + 1 :]
            if not between or any(n.opens or n.indent != owner.indent for n in between):
                return None
            first = between[0]
            self._find(
                first.line, first.indent + 1,
                f"line {first.line} is indented {spaces(first.indent)}, like "
                f"'{excerpt(owner.name, 30)}' on line {owner.line}, so it is not read as part "
                f"of it: indent it {spaces(indent)}, like line {number}",
            )  # fmt: skip
            self.stack.append(owner)
            return owner
        return None

    def _under_a_value(self, number: int, indent: int, kind: str, top: Node) -> None:
        """A key or item more indented than the line before, which already has its value."""
        if kind == "item":
            message = (
                f"line {number} is a list item under '{excerpt(top.name, 30)}' (line {top.line}), "
                "which already has its text after the colon, so YAML reads the item as more of "
                "that text: for a list, leave nothing after the colon"
            )
        else:
            message = (
                f"line {number} is indented {spaces(indent)}, more than line {top.line} "
                f"({spaces(top.indent)}), which already has its text: YAML reads it as more of "
                "that text. Line it up with its siblings"
            )
        self._find(number, indent + 1, message)

    def _add(self, parent: Node, node: Node) -> None:
        parent.children.append(node)
        self.stack.append(node)
        self.nodes.append(node)

    def _key(self, index: int, indent: int, key: str, rest: str) -> int:
        number = index + 1
        if key[:1] == "-":  # '-paragraph: …'
            self._find(number, indent + 1, dash_without_space(key))
        parent = self._parent(number, indent, "key")
        value, closed = value_end(rest)
        node = Node(number, indent, "key", key.strip("\"'"), not value)
        self._add(parent, node)
        self._reserved(number, indent + len(key), rest)
        return self._value(index, node, value, closed, indent + len(key))

    def _item(self, index: int, indent: int, content: str) -> int:
        number = index + 1
        parent = self._parent(number, indent, "item")
        while True:  # '- - a': an item that holds a list
            rest = content[1:].lstrip(" ")
            inner = indent + len(content) - len(rest)
            value, closed = value_end(rest)
            node = Node(number, indent, "item", value, not value)
            self._add(parent, node)
            if rest != "-" and not rest.startswith("- "):
                break
            node.opens = True
            parent, indent, content = node, inner, rest
        match = _KEY.fullmatch(rest)
        if match is None or rest[:1] in ("[", "{"):
            self._loose(number, inner, rest)
            self._reserved(number, inner, rest)
            return self._value(index, node, value, closed, inner)
        node.opens = True  # '- key: value' opens a mapping at the key's column
        value, closed = value_end(match["rest"])
        key = Node(number, inner, "key", match["key"].strip("\"'"), not value)
        self._add(node, key)
        self._reserved(number, inner + len(match["key"]), match["rest"])
        return self._value(index, key, value, closed, inner + len(match["key"]))

    def _value(self, index: int, node: Node, value: str, closed: bool, column: int) -> int:
        """Skip what a value spans beyond its line: block text, a quote, flow brackets."""
        self.scalar = None
        if BLOCK_SCALAR.fullmatch(value):
            return self._block_text(index, node, value)
        if not closed:
            return self._open_quote(index, node, value, column)
        if value[:1] in "[{" and brackets(value) > 0:
            depth = brackets(value)
            while depth > 0 and index + 1 < len(self.lines):
                index += 1
                depth += brackets(self.lines[index])
            return index + 1
        if value and value[:1] not in "'\"":
            self.scalar = node
        return index + 1

    def _block_text(self, index: int, node: Node, header: str) -> int:
        """Skip the lines of a '>' or '|' text, checking their indentation."""
        lines: list[tuple[int, int]] = []  # (line number, indent) of each line of text
        for later in range(index + 1, len(self.lines)):
            line = self.lines[later]
            content, indent = line.strip(" "), len(line) - len(line.lstrip(" "))
            if not content:
                continue
            structure = _FIELD.match(content) or content[:1] in "-#"
            if (indent <= node.indent and (lines or structure)) or (
                lines and indent < lines[0][1] and structure
            ):
                self.texts.append((node, header, lines))
                return later
            lines.append((later + 1, indent))
        self.texts.append((node, header, lines))
        return len(self.lines)

    def _open_quote(self, index: int, node: Node, value: str, column: int) -> int:
        """A quote not closed on its line: text may span lines, but a line that reads like the
        next key means the quote was forgotten."""
        quote = value[0]
        opened = self.lines[index].index(quote, column)
        rest = "\n".join([self.lines[index][opened:], *self.lines[index + 1 :]])
        closed = re.match(_QUOTED[quote], rest)
        last = index + rest[: closed.end()].count("\n") if closed else len(self.lines) - 1
        for later in range(index + 1, last + 1):
            line = self.lines[later]
            indent = len(line) - len(line.lstrip(" "))
            if line.strip() and indent <= node.indent and _KEY.fullmatch(line.strip()):
                self._find(
                    index + 1, opened + 1,
                    f"this quote is never closed, so line {later + 1} is read as part of the "
                    "text; add the closing quote",
                )  # fmt: skip
                return len(self.lines)
        return last + 1

    def _reserved(self, number: int, column: int, rest: str) -> None:
        if rest:
            self.values.append((number, self.lines[number - 1].find(rest[0], column) + 1, rest))

    def _loose(self, number: int, column: int, content: str) -> bool:
        """'heading:After', where a key belongs: said, and True."""
        loose = NO_SPACE.fullmatch(content)
        if loose:
            self._find(
                number, column + 1,
                f"'{excerpt(content, 30)}' has no space after its colon, so YAML reads it as "
                f"text, not the key '{loose['key']}': write '{loose['key']}: "
                f"{excerpt(loose['rest'], 20)}'",
            )  # fmt: skip
        return loose is not None

    def _text(self, index: int, indent: int, content: str) -> int:
        number, owner = index + 1, self.scalar or self.stack[-1]
        loose = self._loose(number, indent, content)
        if self.scalar is not None and indent > self.scalar.indent:
            return index + 1  # more of the text above
        top = self.stack[-1]
        if top.opens and indent > top.indent and not top.children:
            self.scalar = top  # 'key:' with its text on the next line
            top.opens = False
            return index + 1
        if not loose:
            hints = []
            if owner is self.root or (owner.kind == "key" and indent == owner.indent):
                hints.append("a key needs a colon and a space after it")  # 'heading = Hi'
            if owner is not self.root:
                hints.append(
                    f"if the line is more of the text of '{excerpt(owner.name, 30)}' (line "
                    f"{owner.line}), indent it more than that line ({spaces(owner.indent)})"
                )
            message = f"line {number} is neither 'key: value' nor a '- ' list item: "
            message += "; ".join(hints)
            self._find(number, indent + 1, message)
        return index + 1


def read_outline(text: str) -> Outline:
    """A file's outline, and what reading it found (yaml_errors.py compares the siblings)."""
    return Outline(text.split("\n")).read()
