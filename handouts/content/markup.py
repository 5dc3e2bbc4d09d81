"""The small inline markup content may use, and its safe translation to ReportLab's.

Content may write **bold**, *italic* and [a link](https://example.org). Everything else is
literal: `<`, `>` and `&` are escaped, so ReportLab's own tags (<img>, <font>, <a>, <link>…)
can never be reached from a YAML file. `\\*` writes a literal asterisk.

Text that looks like a tag (`<b>`, `<img src=…>`) is also reported by `check`: it would print
as typed, which is never what the editor who pasted it meant. A lone `<`, `>` or `&` is fine.
So is a star with no partner ('**Call us', 'Rest *today'; `stray_marker`), and any star in
text printed as written, such as a heading (`plain_problems`); a lone ' * ' ('2 * 3') is not.
Invisible control characters and accents that cannot join their letter are refused too
(`control_problem`), wherever text comes from: a YAML file or a command-line option.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_NONCHARACTERS = "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)
"""Invisible characters that change or hide text: C0 and C1 controls (tab and line feed
excepted), line and paragraph separators, bidirectional overrides and isolates, a byte-order
mark inside text, surrogates and noncharacters."""
LONE_ACCENT = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
"""Combining accents left over after NFC: the PDF would print them beside the letter."""


def excerpt(value: object, limit: int = 40) -> str:
    """A short, one-line, printable piece of a value for a message: never a whole file."""
    text = str(value)
    first = text.split("\n", 1)[0].strip()
    cut = len(first) > limit or first != text.strip()
    first = CONTROL.sub("\ufffd", first)
    return first[:limit].rstrip() + "…" if cut else first


def control_problem(text: str) -> str | None:
    """What is wrong with a text's characters: an invisible control or a lone accent."""
    found = CONTROL.search(text)
    if found is not None:
        return (
            f"invisible control character U+{ord(found.group()):04X}; delete it "
            "(it often comes with text copied from another program)"
        )
    accent = LONE_ACCENT.search(text)
    if accent is not None:
        return (
            f"the accent U+{ord(accent.group()):04X} cannot be joined to the letter before it "
            "and would print beside it; type the accented letter itself"
        )
    return None


def escape(text: str) -> str:
    """`<`, `>` and `&` as entities: ReportLab's paragraph markup is XML-like.

    Ours, not xml.sax.saxutils: that module imports urllib.request (and ssl), about 25 ms of
    every cold start for three replacements."""
    return html.escape(text, quote=False)


def quoteattr(value: str) -> str:
    """A double-quoted attribute value with every special character escaped."""
    return '"' + html.escape(value, quote=True) + '"'


LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")
_TAG_LIKE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|&[A-Za-z]+;|&#\d+;")

# The same rules as JSON Schema patterns, so an editor flags them while they are typed
# (content/schema.py). ECMAScript and Python read them alike; they may miss a case the
# functions below catch, but never refuse a text those accept (tests/content/test_schema.py).
NO_TAGS_PATTERN = rf"^(?![\s\S]*(?:{_TAG_LIKE.pattern}))"
"""`tag_problems` finds nothing."""
_SCHEMES = "|".join(
    "".join(f"[{c.upper()}{c}]" if c.isalpha() else c for c in scheme) for scheme in LINK_SCHEMES
)
TEXT_PATTERN = NO_TAGS_PATTERN + rf"(?![\s\S]*(?<!\\)\[[^\]\n]+\]\((?!{_SCHEMES})[^)\s]+\))"
"""`problems` finds nothing: no tags, and every [link](…) starts with a scheme we allow."""

_TOKEN = re.compile(
    r"""
      \\(?P<escaped>[\\*\[\]])
    | \*\*(?P<bold>[^*\s](?:.*?[^*\s])?)\*\*
    | \*(?P<italic>[^*\s](?:[^*]*?[^*\s])?)\*
    | \[(?P<label>[^\]\n]+)\]\((?P<url>(?:[^()\s]|\((?:[^()\s]|\([^()\s]*\))*\))+|[^)\s]+)\)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Span:
    """A run of text with one style: plain, bold, italic or a link."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


def parse(text: str, *, bold: bool = False, italic: bool = False) -> list[Span]:
    """Split marked-up text into styled spans; anything that is not markup stays literal."""
    spans: list[Span] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()], bold, italic))
        if match["escaped"] is not None:
            spans.append(Span(match["escaped"], bold, italic))
        elif match["bold"] is not None:
            spans.extend(parse(match["bold"], bold=True, italic=italic))
        elif match["italic"] is not None:
            spans.extend(parse(match["italic"], bold=bold, italic=True))
        else:
            spans.append(Span(match["label"], bold, italic, url=match["url"]))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:], bold, italic))
    return spans


def problems(text: str) -> list[str]:
    """What is wrong with a text's markup, in words a content editor can act on."""
    found = tag_problems(text)
    stray = stray_marker(text)
    if stray is not None:
        marker = "**" if text[stray : stray + 2] == "**" else "*"
        style = "bold is written **like this**" if marker == "**" else "italic is *like this*"
        escaped = "\\*\\*" if marker == "**" else "\\*"
        found.append(
            f"'{marker}' has no partner, so it would print as typed: {style}, with no space "
            f"just inside the stars; to print the star{'s' * (marker == '**')}, write {escaped}"
        )
    for span in parse(text):
        if span.url is not None and not span.url.lower().startswith(LINK_SCHEMES):
            found.append(f"link '{span.url}' must start with https://, http://, mailto: or tel:")
    return found


def stray_marker(text: str, start: int = 0) -> int | None:
    """Where the first '**', or '*' against a word, is that is not part of **bold**,
    *italic* or \\*: it would print as typed, which an editor who wrote '**Call us' never
    meant (a lone ' * ', as in '2 * 3', is a star on purpose). None if there is none."""
    position = 0
    for match in [*_TOKEN.finditer(text), None]:
        gap = text[position : match.start() if match else len(text)]
        for found in re.finditer(r"\*+", gap):
            around = gap[found.start() - 1 : found.start()] + gap[found.end() : found.end() + 1]
            if len(found[0]) > 1 or around.strip():  # '**', or a star against a word
                return start + position + found.start()
        if match is None:
            break
        inner = next((g for g in ("bold", "italic", "label") if match[g] is not None), None)
        if inner is not None:
            nested = stray_marker(match[inner], start + match.start(inner))
            if nested is not None:
                return nested
        position = match.end()
    return None


def plain_marker(text: str) -> int | None:
    """Where text that is printed exactly as written (a heading) has **bold** or *italic*
    markup, which would print as typed; None if it has none."""
    found = re.search(r"\*\*|\*(?=\S)[^*]*\S\*", text)
    return found.start() if found else None


def plain_problems(text: str) -> list[str]:
    """What is wrong with text printed exactly as written (headings, names): tags, and
    **bold** or *italic*, which would print as typed."""
    found = tag_problems(text)
    if plain_marker(text) is not None:
        found.append(
            "this text is printed exactly as written, so its stars would print as typed: it "
            "cannot be **bold** or *italic*; remove them"
        )
    return found


def where(text: str, *, plain: bool = False) -> int | None:
    """Where in a text the first problem `problems` (or `plain_problems`) names starts: the
    first tag, or the stray star; None if neither."""
    tag = _TAG_LIKE.search(text)
    star = plain_marker(text) if plain else stray_marker(text)
    return min((at for at in (tag.start() if tag else None, star) if at is not None), default=None)


def tag_problems(text: str) -> list[str]:
    """HTML or ReportLab tags and entities pasted into content (they would print as typed)."""
    tags = list(dict.fromkeys(_TAG_LIKE.findall(text)))
    if not tags:
        return []
    shown = ", ".join(f"'{t}'" for t in tags[:3])
    return [
        f"{shown} looks like HTML or ReportLab markup, which content cannot use; write "
        "**bold**, *italic* or [link text](https://…), or spell the character out"
    ]


def plain(text: str) -> str:
    """The words a reader sees, without markup (for metadata, search and readability)."""
    return "".join(span.text for span in parse(text))


def to_reportlab(text: str, link_colour: str) -> str:
    """ReportLab paragraph markup in which only our own tags can appear."""
    out = []
    for span in parse(text):
        piece = escape(span.text)
        if span.italic:
            piece = f"<i>{piece}</i>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        if span.url is not None:
            href = quoteattr(span.url)
            piece = f"<a href={href} color={quoteattr(link_colour)}><u>{piece}</u></a>"
        out.append(piece)
    return "".join(out)
