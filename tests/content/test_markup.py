"""The inline markup content may use: **bold**, *italic*, [links](https://…); all else literal."""

from __future__ import annotations

from handouts.content import markup
from handouts.content.markup import Span


def test_bold_italic_and_links_become_spans() -> None:
    assert markup.parse("Call **now**, *today* or [us](tel:8158020088).") == [
        Span("Call "),
        Span("now", bold=True),
        Span(", "),
        Span("today", italic=True),
        Span(" or "),
        Span("us", url="tel:8158020088"),
        Span("."),
    ]


def test_anything_else_is_literal_and_escaped_for_reportlab() -> None:
    assert markup.plain(r"a \*star\* and 2 * 3 < 7 & more") == "a *star* and 2 * 3 < 7 & more"
    out = markup.to_reportlab("<img src=x> & <b>not bold</b> **bold**", "#123456")
    assert out == "&lt;img src=x&gt; &amp; &lt;b&gt;not bold&lt;/b&gt; <b>bold</b>"


def test_a_link_is_underlined_coloured_and_its_address_quoted() -> None:
    out = markup.to_reportlab('[site](https://x.org/?a="1")', "#1F4E79")
    assert out == ('<a href="https://x.org/?a=&quot;1&quot;" color="#1F4E79"><u>site</u></a>')


def test_pasted_tags_and_unsafe_links_are_problems_an_editor_can_act_on() -> None:
    (tags,) = markup.problems("Press <b>here</b> &amp; wait")
    assert "'<b>', '</b>', '&amp;' looks like HTML or ReportLab markup" in tags
    (link,) = markup.problems("[click](javascript:alert(1))")
    assert "must start with https://, http://, mailto: or tel:" in link
    assert markup.problems("3 < 4 and 5 > 2 & so on") == []
