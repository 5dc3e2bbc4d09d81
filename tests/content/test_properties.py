"""Property-based: any text an editor can type either builds, and reads back as written, or
is refused with located content errors. Never an unhandled exception.

Derandomized, so CI runs the same examples every time; run with HYPOTHESIS_PROFILE=deep for
a longer search (see the bottom of this file).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from handouts import check_content
from handouts.content import markup
from handouts.errors import ContentErrors
from handouts.render.document import render_document
from tests.conftest import FIXTURES, ROOT
from tests.structure import read

settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile("deep", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SAMPLES = [
    "שלום עולם",  # Hebrew, right to left
    "مرحبا بالعالم",  # Arabic
    "e\u0301 n\u0303 a\u0308",  # combining marks
    "\u200f\u200e",  # direction marks
    "\u0007\u001b[31m",  # control characters (terminal escapes)
    "x" * 400,  # a very long word
    "Ünïcödé ñandú pingüino",
    "**bold** *italic* [a link](https://example.org)",
    "tab\there",
    "<b>not markup</b> & &amp; &#60;",
    "😀 🇺🇸",
    "中文",
]

FONT = ROOT / "fonts" / "AtkinsonHyperlegible-Regular.ttf"
PRINTABLE = sorted(
    chr(code) for code in TTFont("properties", str(FONT)).face.charToGlyph if code >= 32
)
"""Characters the brand font has: most examples use these, so most of them build."""

text = st.lists(
    st.one_of(
        st.text(st.sampled_from(PRINTABLE), min_size=1, max_size=60),
        st.text(st.sampled_from(PRINTABLE), min_size=1, max_size=60),
        st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40),
        st.sampled_from(SAMPLES),
    ),
    min_size=1,
    max_size=4,
).map(" ".join)


def _content(folder: Path, heading: str, paragraph: str) -> Path:
    content = folder / "content"
    shutil.copytree(FIXTURES / "mini", content)
    block = {
        "id": "aftercare",
        "heading": heading,
        "revised": "2026-01-10",
        "reviewed_by": None,
        "reviewed_on": None,
        "body": [{"paragraph": paragraph}],
    }
    (content / "blocks" / "aftercare.yaml").write_text(
        yaml.safe_dump(block, allow_unicode=True), encoding="utf-8"
    )
    return content


def _squeezed(value: str) -> str:
    """Text without whitespace (lines may break inside a long word) and without invisible
    format characters (a soft hyphen prints only where a line breaks), composed as the loader
    composes it (NFC: an accent typed after its letter prints on it)."""
    value = unicodedata.normalize("NFC", value)
    return "".join(c for c in "".join(value.split()) if unicodedata.category(c) != "Cf")


@given(heading=text, paragraph=text)
def test_any_text_builds_and_reads_back_or_is_refused_with_a_location(
    heading: str, paragraph: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = _content(Path(tmp), heading, paragraph)
        try:
            library = check_content(content)
        except ContentErrors as refused:
            event("refused")
            for error in refused.errors:
                assert error.path.endswith(".yaml") and error.line >= 1, str(error)
                assert "\n" not in error.message and error.message
            return
        data = render_document(library.handout("neck-pain")).data
    event("built")
    elements = list(read(data).root.walk())
    headings = [e.text for e in elements if e.role == "H2"]
    assert _squeezed(heading) in map(_squeezed, headings)
    paragraphs = [_squeezed(e.text) for e in elements if e.role == "P"]
    assert _squeezed(markup.plain(paragraph)) in paragraphs
