"""YAML syntax errors told as the editor's mistake: the line to fix, and what to type there.

PyYAML stops where it can read no further, often a line or more after the mistake, and says
so in a parser's words ("mapping values are not allowed here"): a key indented one space too
far was reported on the next line as "put the whole text in quotes". An editor's mistakes are
few, so `explain` looks for them first (`outline_problems`), in a forgiving reading of the
file's outline (yaml_outline.py) whose siblings are compared here: a line indented more or
less than its siblings, a tab, a key with no space after its colon, a quote left open, a list
under a key that already has its text, '>' text indented less than its first line. The first
of those at or before the line PyYAML stopped on is the one reported; only when there is none
is PyYAML's own message translated.

Two mistakes PyYAML reads without complaint, though not as the editor meant, are found here
too, for the loader: a list item glued to the text above it (`glued_item`), and a ' #' that
cut a text short (`dropped_comment`).
"""

from __future__ import annotations

import re
from collections import Counter

import yaml

from handouts.content.markup import excerpt
from handouts.content.yaml_outline import (
    BLOCK_SCALAR,
    Finding,
    Node,
    brackets,
    read_outline,
    spaces,
    value_end,
)
from handouts.errors import ContentError

_YAML = "tag:yaml.org,2002:"
PLAIN = "handout content is plain text and lists"


def outline_problems(text: str) -> list[Finding]:
    """Every line whose indentation or shape disagrees with its neighbours, in file order."""
    outline = read_outline(text)
    found = list(outline.findings)
    _compare(found, outline.step, outline.root)
    for node, header, lines in outline.texts:
        _check_text(found, outline.step, node, header, lines)
    for line, column, written in outline.values:
        message = reserved_start(written)
        if message:
            found.append(Finding(line, column, message))
    return sorted(found, key=lambda f: (f.line, f.column))


_MEANINGS = {
    "*": "an alias (a reference to another value)",
    "&": "an anchor (a name for this value)",
    "@": "a character it keeps for itself",
    "`": "a character it keeps for itself",
    "%": "a directive",
    "|": "the start of a text on the lines below",
    ">": "the start of a text on the lines below",
    "[": "a list",
    "{": "a set of 'key: value' pairs",
    '"': "a quoted text, which ends at the next quote",
    "'": "a quoted text, which ends at the next quote",
    "-": "a list item",
    "?": "a key",
}


def reserved_start(rest: str) -> str | None:
    """A text after 'key: ' or '- ' that starts with a character YAML reads as something
    else ('**Call us** now', '[Note] call', '"Hi" there', '> 5 visits'): what to do, or None."""
    first = rest[:1]
    value, closed = value_end(rest)
    after = rest[len(value) :].strip() if first in "\"'[{" else ""
    if (
        first not in _MEANINGS
        or (first in "-?" and rest[1:2] not in ("", " "))
        or (first in "|>" and BLOCK_SCALAR.fullmatch(value))
        or (first in "\"'" and (not closed or not after or after.startswith("#")))
        or (first in "[{" and (brackets(rest) != 0 or not _flow_tail(rest)))
    ):
        return None
    return (
        f"a text that starts with '{first}' must be in quotes: YAML reads '{first}' there as "
        f"{_MEANINGS[first]}; put the whole text in quotes"
    )


def _flow_tail(rest: str) -> str:
    """What follows a one-line flow list or mapping ('[Note] call us': ' call us'), comments
    left out."""
    depth = 0
    for index, char in enumerate(re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'', _blank, rest)):
        depth += (char in "[{") - (char in "]}")
        if depth == 0:
            return re.split(r"(?:^|\s)#", rest[index + 1 :], maxsplit=1)[0].strip()
    return ""


def _blank(match: re.Match[str]) -> str:
    return " " * len(match[0])


def _compare(found: list[Finding], step: int, node: Node) -> None:
    """Siblings must start on one column: the odd ones out, by the majority (on a tie,
    the later ones: YAML goes by the first); and keys and list items never mix."""
    kinds = Counter(child.kind for child in node.children)
    if len(kinds) > 1:
        odd_kind = "item" if kinds["item"] <= kinds["key"] else "key"
        odd = next(child for child in node.children if child.kind == odd_kind)
        other = next(child for child in node.children if child.kind != odd_kind)
        _mixed(found, odd, other)
    for kind in ("key", "item"):
        group = [child for child in node.children if child.kind == kind]
        counts = Counter(child.indent for child in group)
        if len(counts) > 1:
            most = max(counts.values())
            usual = next(c.indent for c in group if counts[c.indent] == most)
            tied = [indent for indent, count in counts.items() if count == most]
            expected = max(node.indent + step, 0)  # the file's usual step in
            if len(tied) > 1 and expected in tied:
                usual, tied = expected, [expected]
            tie = len(tied) > 1
            for child in group:
                if child.indent != usual:
                    model = next(c for c in group if c.indent == usual)
                    _mismatch(found, child, model, tie)
    for child in node.children:
        _compare(found, step, child)


def _mixed(found: list[Finding], odd: Node, other: Node) -> None:
    if odd.kind == "item":
        message = (
            f"line {odd.line} is a list item among 'key: value' lines (line {other.line}): "
            f"a list goes under a key with nothing after its colon, indented more than it"
        )
    else:
        message = (
            f"line {odd.line} is a 'key: value' line among list items (line {other.line}): "
            "start it with '- ' if it is a new item, or indent it like the other keys of "
            "the item it belongs to"
        )
    found.append(Finding(odd.line, odd.indent + 1, message))


def _mismatch(found: list[Finding], odd: Node, model: Node, tie: bool) -> None:
    what = "an item of the same list" if odd.kind == "item" else "a key of the same set"
    found.append(Finding(
        odd.line, odd.indent + 1,
        f"line {odd.line} is indented {spaces(odd.indent)}, its siblings "
        f"{spaces(model.indent)} (line {model.line}, {what}): line it up with them",
    ))  # fmt: skip
    if not tie:
        return
    # The other side of an even pair, should PyYAML stop between them (the later is not
    # the mistake when the earlier line already broke the file).
    found.append(Finding(
        model.line, model.indent + 1,
        f"line {model.line} is indented {spaces(model.indent)}, its sibling on line "
        f"{odd.line} {spaces(odd.indent)} ({what}): line them up",
        weak=True,
    ))  # fmt: skip


def _check_text(
    found: list[Finding], step: int, node: Node, header: str, lines: list[tuple[int, int]]
) -> None:
    """Each line of a '>' or '|' text indented more than its key, and none less than the
    first: YAML takes the text's indentation from its first line."""
    if not lines:
        return
    (first_line, first), *rest = lines
    if first <= node.indent:
        found.append(Finding(
            first_line, first + 1,
            f"line {first_line} is indented {spaces(first)}, no more than "
            f"'{excerpt(node.name, 30)}' on line {node.line}: the text after '{header[0]}' "
            "must be indented more than its key",
        ))  # fmt: skip
        return
    shallower = [(number, indent) for number, indent in rest if indent < first]
    if not shallower or any(c.isdigit() for c in header):
        return
    expected = node.indent + step
    first_odd = all(indent < first for _, indent in rest) and (
        len(rest) > 1 or rest[0][1] == expected or first != expected
    )
    if first_odd:
        found.append(Finding(
            first_line, first + 1,
            f"line {first_line} is indented {spaces(first)}, the next lines of its text "
            f"{spaces(rest[0][1])}: YAML takes a text's indentation from its first line; "
            "line them up",
        ))  # fmt: skip
        return
    number, indent = shallower[0]
    found.append(Finding(
        number, indent + 1,
        f"line {number} is indented {spaces(indent)}, less than the first line of its text "
        f"(line {first_line}, {spaces(first)}): YAML takes a text's indentation from its "
        "first line; line them up",
    ))  # fmt: skip


def explain(text: str, error: yaml.YAMLError, display: str) -> ContentError:
    """One located, actionable message for a file PyYAML could not read."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    stopped = mark.line + 1 if mark is not None else len(text.split("\n"))
    problem = getattr(error, "problem", None) or str(error)
    if not any(word in problem for word in ("tag", "alias", "escape")):
        try:
            findings = outline_problems(text)
        except (RecursionError, ValueError):  # a hostile file: PyYAML's words will do
            findings = []
        found = [f for f in findings if f.line <= stopped]
        found.sort(key=lambda f: f.weak)  # stable: in file order, the weak ones last
        if found:
            return ContentError(display, found[0].line, found[0].column, found[0].message)
    return translate(error, display, text)


def translate(error: yaml.YAMLError, display: str, text: str = "") -> ContentError:
    """PyYAML's multi-line report as one located, actionable line."""
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    mark = problem_mark or context_mark
    if "'\\t'" in problem or "\t" in problem:
        message = "tab character; indent with spaces, not tabs"
    elif "constructor for the tag" in problem:
        tag = problem.split("tag", 1)[-1].strip(" '").replace(_YAML, "!!")
        message = f"the tag '{excerpt(tag)}' is not allowed; {PLAIN}"
    elif "aliases" in problem:
        message = problem
    elif "escape" in problem:
        message = "unknown escape; in double quotes write \\\\ for a backslash"
        message += ", or use single quotes"
    elif "quoted scalar" in context and context_mark is not None:
        mark = context_mark  # where the quote was opened, not the end of the file
        message = "this quote is never closed; add the closing quote"
    elif problem.startswith("expected <block end>"):
        message = "YAML syntax error: this line is indented differently from the lines above it"
    elif "mapping values are not allowed" in problem and _curly_quoted(text, mark):
        message = (
            "text contains ': ' and is in typographic quotes (“ ” or ‘ ’), which YAML reads as "
            'letters: put the whole text in straight quotes (" ")'
        )
    elif "mapping values are not allowed" in problem:
        message = "YAML syntax error: text contains ': '; put the whole text in quotes"
    elif "another document" in problem:
        message = "a second document after '---': a content file holds one; remove the '---'"
    else:
        message = f"YAML syntax error: {excerpt(problem, 99)}"
        message += f" ({context})" if context else ""
        message += "; check the indentation, and put text containing ': ' in quotes"
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return ContentError(display, line, column, message)


def _curly_quoted(text: str, mark: yaml.Mark | None) -> bool:
    """Whether the value on the line of `mark` starts with a typographic quote."""
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return False
    before = re.sub(r"^\s*(?:-\s+)*", "", lines[mark.line][: mark.column])
    value = before.split(": ", 1)[-1]
    return value.lstrip()[:1] in ("“", "‘", "«", "„")


# ---- what YAML reads without complaint, but not as the editor meant ----------------------


def glued_item(lines: list[str], node: yaml.ScalarNode) -> tuple[int, int, str] | None:
    """A '- ' line YAML read as more of the plain text before it: indented more than its
    siblings ('- one' / '   - two' is the one item 'one - two'), or a list under a key that
    already has its text. (line, column, what to do), or None."""
    start, end = node.start_mark, node.end_mark
    for index in range(start.line + 1, min(end.line + 1, len(lines))):
        content = lines[index].lstrip(" ")
        if content != "-" and not content.startswith("- "):
            continue
        indent = len(lines[index]) - len(content)
        earlier = [f for f in outline_problems("\n".join(lines)) if start.line < f.line <= index]
        if earlier and earlier[0].line <= start.line + 1 and not earlier[0].weak:
            # The item the others were glued to is the odd one: '  - a' / '   - b' / '   - c'.
            return earlier[0].line, earlier[0].column, earlier[0].message
        before = lines[start.line][: start.column].rstrip()
        if before.endswith("-"):
            dash = len(before) - 1
            return (
                index + 1, indent + 1,
                f"line {index + 1} is indented {spaces(indent)}, more than the item on line "
                f"{start.line + 1} ({spaces(dash)}), so YAML reads it as more of that item's "
                f"text: line it up with its siblings ({spaces(dash)})",
            )  # fmt: skip
        key = before.rstrip(":").lstrip(" -")
        return (
            index + 1, indent + 1,
            f"line {index + 1} is a list item under '{excerpt(key, 30)}' (line {start.line + 1}), "
            "which already has its text after the colon, so YAML reads the item as more of "
            "that text: for a list, leave nothing after the colon",
        )  # fmt: skip
    return None


def dropped_comment(lines: list[str], node: yaml.ScalarNode) -> tuple[int, int, str] | None:
    """A ' #' after plain text starts a YAML comment, which PyYAML drops without a word:
    'heading: Step #1 ice' reads 'Step'. (line, column of the '#', the words dropped), or
    None. Only a '#' that is not written as a comment is taken for text: a comment, as
    yamllint wants it, has two spaces before its '#' and one after ('name: Ana  # signer').
    Comments on a line of their own, and '#' in quotes or in '>' text, never reach this."""
    end = node.end_mark
    line = lines[end.line] if end.line < len(lines) else ""
    rest = line[end.column :]
    gap = len(rest) - len(rest.lstrip(" \t"))
    if not gap or rest[gap : gap + 1] != "#":
        return None
    if gap >= 2 and rest[gap + 1 : gap + 2] in ("", " "):
        return None  # written as a comment
    column = end.column + gap
    return end.line + 1, column + 1, line[column:].strip()
