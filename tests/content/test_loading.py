"""What the loader accepts and how: NFC text, any line ending, plain YAML values, placeholders,
links with parentheses, files that are what they seem. (What it refuses is tests/bad_content/.)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import string
import time
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from handouts import Personal, load_library, personal_from_options
from handouts.content import markup
from handouts.content.fields import fill, template_problem
from handouts.content.load import load_yaml
from handouts.content.loader import (
    MAX_FILE_BYTES,
    MAX_FILE_VALUES,
    MAX_FOLDER_VALUES,
    Budget,
    parse_yaml,
)
from handouts.content.models import FurnitureText
from handouts.render.document import render_document
from tests.structure import read

NFD_HEADING = "Jose\u0301 Pen\u0303a esta\u0301 aqui\u0301"
NFC_HEADING = "José Peña está aquí"


def _block(mini: Path, old: str, new: str) -> Path:
    path = mini / "blocks" / "aftercare.yaml"
    path.write_text(path.read_text().replace(old, new, 1), encoding="utf-8")
    return path


def test_decomposed_accents_are_composed_on_load_and_print_as_one_letter(mini: Path) -> None:
    _block(mini, "heading: After your injection", f"heading: {NFD_HEADING}")
    library = load_library(mini)
    assert library.blocks["aftercare"].heading == NFC_HEADING
    tree = read(render_document(library.handout("neck-pain")).data)
    assert NFC_HEADING in [element.text for element in tree.root.walk() if element.role == "H2"]


def test_personal_details_are_composed_too() -> None:
    personal = personal_from_options(NFD_HEADING, "Dr. Pe\u0301rez", None, "Hielo\u0301")
    assert personal is not None
    assert (personal.patient, personal.provider, personal.note) == (
        NFC_HEADING,
        "Dr. Pérez",
        "Hieló",
    )
    assert Personal(NFD_HEADING).patient == NFC_HEADING  # the API's own constructor


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_windows_and_old_mac_line_endings_read_the_same_as_unix(
    tmp_path: Path, ending: bytes
) -> None:
    text = b"id: x\nheading: Hi\nlist:\n  - one\n  - |\n    two\n    lines\n"
    text += b"note: >\n  folded\n  text\nlast: 'quoted\n  over lines'\n"
    unix, _ = parse_yaml(text, tmp_path / "x.yaml", "x.yaml")
    other, problems = parse_yaml(text.replace(b"\n", ending), tmp_path / "x.yaml", "x.yaml")
    assert unix is not None and other is not None and problems == []
    assert other.data == unix.data
    assert other.data.value_marks == unix.data.value_marks


def test_plain_values_keep_their_yaml_meaning(tmp_path: Path) -> None:
    text = (
        "a: 2026-02-28\nb: 3\nc: 2.5\nd: true\ne:\nf: 9:30\ng: 0x10\nh: =\ni: '2026-02-30'\n"
        "j: -1.5e+3\n"
    )
    source, problems = parse_yaml(text.encode(), tmp_path / "x.yaml", "x.yaml")
    assert problems == [] and source is not None
    assert source.data == {
        "a": dt.date(2026, 2, 28), "b": 3, "c": 2.5, "d": True, "e": None,
        "f": "9:30",  # YAML 1.1 read this as 570 (base 60); YAML 1.2 and we read text
        "g": 16, "h": "=", "i": "2026-02-30", "j": -1500.0,
    }  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["[" + ", ".join(["a"] * 9_000) + "]", "{" + ", ".join(f"k{i}" for i in range(6_000)) + "}",
     "[" + ", ".join(f"k{i}: v" for i in range(6_000)) + "]",
     "[" + ", ".join(f"? k{i}" for i in range(6_000)) + "]",
     "".join(f"- - - {i}\n" for i in range(4_000)), "".join(f"k{i}:\n" for i in range(9_000))],
    ids=["flow list", "flow set-like map", "pairs", "complex keys", "nested lists", "empty values"],
)  # fmt: skip
def test_the_cheap_count_is_never_below_the_real_number_of_values(text: str) -> None:
    """parse_yaml skips the exact count when lines, commas and colons cannot hold more values
    than the limit: that bound must hold for every shape YAML allows."""
    events = yaml.parse(text, Loader=yaml.CSafeLoader)
    values = sum(isinstance(e, (yaml.ScalarEvent, yaml.CollectionStartEvent)) for e in events)
    bound = sum(text.count(c) for c in "\n,,:[{-?") + 2
    assert bound >= values


def test_a_file_over_the_limit_is_refused_before_a_byte_is_read(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.yaml"
    with sparse.open("wb") as handle:
        handle.truncate(8 * 2**30)  # 8 GB that takes no disk: reading it would take minutes
    start = time.perf_counter()
    source, problems = load_yaml(sparse, "huge.yaml", tmp_path)
    assert source is None and time.perf_counter() - start < 0.5
    assert [p.message for p in problems] == [
        f"file is larger than {MAX_FILE_BYTES // 1000} KB; split it"
    ]


def test_the_folder_budget_counts_every_file(tmp_path: Path) -> None:
    budget = Budget(values=MAX_FILE_VALUES + 10)
    item = b"k: [" + b", ".join([b"a"] * 9_000) + b"]\n"
    for _ in range(2):
        source, problems = parse_yaml(item, tmp_path / "x.yaml", "x.yaml", budget)
        assert source is not None and problems == [] and not budget.exceeded
    source, problems = parse_yaml(item, tmp_path / "x.yaml", "x.yaml", budget)
    assert source is None and budget.exceeded
    assert "the content folder holds more than" in problems[0].message


def test_a_link_inside_the_folder_is_followed_and_hidden_files_are_skipped(mini: Path) -> None:
    shared = mini / "shared-aftercare.yaml"
    (mini / "blocks" / "aftercare.yaml").rename(shared)
    (mini / "blocks" / "aftercare.yaml").symlink_to(shared)
    (mini / "blocks" / "._aftercare.yaml").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    (mini / "blocks" / ".#aftercare.yaml").symlink_to("user@host.1234:1700000000")  # Emacs lock
    (mini / "conditions" / ".neck-pain.yaml.swp").write_bytes(b"b0VIM 9.0")
    assert load_library(mini).blocks["aftercare"].heading == "After your injection"


@pytest.mark.parametrize(
    "template, names",
    [("Page {page} of {pages}", ("page", "pages")), ("{{page}} {page}", ("page", "pages")),
     ("{day} de {month} de {year}", ("month", "day", "year")), ("Revised", ("date",)),
     ("Semana {n} {{n}}", ("n",))],
)  # fmt: skip
def test_documented_placeholders_fill_exactly_as_str_format_would(
    template: str, names: tuple
) -> None:
    assert template_problem(template, names) is None
    values = {name: index + 7 for index, name in enumerate(names)}
    assert fill(template, **values) == template.format(**values)
    assert all(name in names for _, name, _, _ in string.Formatter().parse(template) if name)


def test_furniture_words_are_checked_when_made_from_the_api_too() -> None:
    with pytest.raises(
        ValueError, match=re.escape("unknown placeholder '{page.__init__}' in 'page'")
    ):
        FurnitureText(page="{page.__init__}")
    words = FurnitureText(date="{day}/{month}/{year}", revised="Rev. {date} {{draft}}")
    assert words.revised_label(dt.date(2026, 2, 3)) == "Rev. 3/February/2026 {draft}"


@pytest.mark.parametrize(
    "text, url",
    [("[Pain](https://en.wikipedia.org/wiki/Pain_(disambiguation))", "https://en.wikipedia.org/wiki/Pain_(disambiguation)"),
     ("[a](https://x.org/a_(b)_c_(d)).", "https://x.org/a_(b)_c_(d)"),
     ("[a](https://x.org/f(g(h)))", "https://x.org/f(g(h))"),
     ("([a](https://x.org/))", "https://x.org/"),
     ("[a](https://x.org/a(b) unbalanced", "https://x.org/a(b")],
)  # fmt: skip
def test_a_link_keeps_balanced_parentheses_in_its_address(text: str, url: str) -> None:
    assert [span.url for span in markup.parse(text) if span.url] == [url]
    assert markup.problems(text) == []


def test_a_link_with_parentheses_renders_whole(mini: Path) -> None:
    url = "https://en.wikipedia.org/wiki/Pain_(disambiguation)"
    _block(mini, "feel sore for a day or so.", f"feel sore. See [pain]({url}) for more.")
    data = render_document(load_library(mini).handout("neck-pain")).data
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(data)).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert url in links


@pytest.mark.parametrize(
    ("folder", "file", "broken"),
    [("blocks", "care.yaml", "heading:"), ("conditions", "neck.yaml", "title:")],
)
def test_a_broken_original_is_one_problem_not_also_an_orphaned_translation(
    tmp_path: Path, folder: str, file: str, broken: str
) -> None:
    """A typo in an English file once also printed "…es.yaml has no original in the base
    language (en)" for its translation: a second, misleading message about a file that is
    fine."""
    import shutil

    from handouts import ContentErrors
    from tests.conftest import FIXTURES

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "bilingual", content)
    path = content / folder / file
    path.write_text(path.read_text().replace(broken, "x" + broken, 1))
    with pytest.raises(ContentErrors) as caught:
        load_library(content)
    messages = [str(error) for error in caught.value.errors]
    assert any(f"unknown key 'x{broken[:-1]}'" in m for m in messages), messages
    assert not [m for m in messages if "no original" in m or "translat" in m], messages


def test_a_file_parsed_before_is_reused_by_its_bytes_and_still_spends_the_budget(
    tmp_path: Path,
) -> None:
    from handouts.content.parsed import forget_all, parse_once

    forget_all()
    text = b"id: ice\nheading: Ice\nbody:\n  - Ice helps.\n"
    budget = Budget()
    first, _ = parse_once(text, tmp_path / "a.yaml", "ice.yaml", budget)
    spent = MAX_FOLDER_VALUES - budget.values
    again, _ = parse_once(text, tmp_path / "b.yaml", "ice.yaml", budget)
    assert first is not None and again is not None and spent > 0
    assert again.data is first.data and again.path == tmp_path / "b.yaml"  # its own path
    assert MAX_FOLDER_VALUES - budget.values == 2 * spent  # a reused file costs the same
    edited, _ = parse_once(
        text.replace(b"Ice helps", b"Rest helps"), tmp_path / "b.yaml", "ice.yaml"
    )
    assert edited is not None and edited.data["body"] == ["Rest helps."]
    shown_elsewhere, _ = parse_once(text, tmp_path / "a.yaml", "other/ice.yaml")
    assert shown_elsewhere is not None and shown_elsewhere.data is not first.data
