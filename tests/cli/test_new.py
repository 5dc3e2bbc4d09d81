"""`handouts new condition|block`: files in every language from a template (or a copy) that
pass `check` at once with their TODOs as warnings, and an English PDF before any translation."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path

import pytest

from handouts import load_library
from handouts.quality import quality_report
from tests.conftest import FIXTURES
from tests.pdftext import page_texts

SCHEMA = "# yaml-language-server: $schema=../schemas/{}.schema.json"


@pytest.fixture
def bilingual(workdir: Path) -> Path:
    shutil.copytree(FIXTURES / "bilingual", workdir / "content")
    return workdir / "content"


def _pdf_text(path: Path) -> str:
    return "\n".join(page_texts(path))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_new_condition_passes_check_and_previews_in_english_before_its_translation(
    bilingual: Path, cli
) -> None:
    made = cli("new", "condition", "plantar-fasciitis")
    assert made.exit_code == 0, made.output
    base = bilingual / "conditions" / "plantar-fasciitis.yaml"
    spanish = bilingual / "conditions" / "plantar-fasciitis.es.yaml"
    assert made.stdout.splitlines()[:4] == [
        "wrote content/conditions/plantar-fasciitis.yaml",
        "wrote content/conditions/plantar-fasciitis.es.yaml  (awaiting translation)",
        "",
        "Next:",
    ]
    assert "handouts build plantar-fasciitis --lang en" in made.stdout
    assert "handouts translations --done plantar-fasciitis --lang es" in made.stdout
    for path in (base, spanish):
        assert path.read_text().splitlines()[0] == SCHEMA.format("condition")
    assert "\ntranslated_from: awaiting\n" in spanish.read_text()

    check = cli("check")
    assert check.exit_code == 0, check.output
    todos = [line for line in check.stdout.splitlines() if "a TODO is left here" in line]
    assert len(todos) == 4
    lines = base.read_text().splitlines()
    for todo in todos:  # each points at the very line and column of its TODO
        line, column = map(int, re.match(r"warning: \S+?:(\d+):(\d+): ", todo).groups())
        assert lines[line - 1][column - 1 :].startswith("TODO"), todo
    assert (
        "warning: content/conditions/plantar-fasciitis.es.yaml:6:1: this file awaits its Spanish "
        "(es) translation (translated_from: awaiting), so its Spanish (es) copy is not printed"
    ) in check.stdout

    built = cli("build", "plantar-fasciitis", "--out", "out")
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in Path("out").glob("*.pdf")) == ["plantar-fasciitis.pdf"]
    assert (
        "warning: 'plantar-fasciitis' is not printed in Spanish (es): "
        "content/conditions/plantar-fasciitis.es.yaml awaits translation"
    ) in built.stderr
    text = _pdf_text(Path("out/plantar-fasciitis.pdf"))
    expected = ("Trigger point injections for plantar fasciitis", "TODO: The one thing to",
                "TODO: How knots cause this pain", "What to remember", "Call 911")  # fmt: skip
    for words in expected:
        assert words in text, words

    strict = cli("check", "--strict")
    assert strict.exit_code == 1
    errors = strict.stderr.splitlines()
    assert any(e.startswith("content/conditions/plantar-fasciitis.es.yaml:6:1: this file awaits")
               for e in errors)  # fmt: skip
    assert sum("a TODO is left here" in e for e in errors) == 4


def test_the_template_makes_a_whole_two_page_handout_from_the_shipped_blocks(
    shipped: Path, cli, capsys
) -> None:
    """The time from scaffold to PDF, printed (pytest -s): what a new author waits."""
    start = time.perf_counter()
    assert cli("new", "condition", "plantar-fasciitis").exit_code == 0
    built = cli("build", "plantar-fasciitis", "--lang", "en", "--out", "out")
    seconds = time.perf_counter() - start
    assert built.exit_code == 0, built.output
    with capsys.disabled():
        print(f"\nscaffold to English PDF: {seconds:.2f} s")
    texts = page_texts("out/plantar-fasciitis.pdf")
    assert len(texts) == 2
    text = "\n".join(texts)
    headings = ("What are trigger points?", "How the shots help", "Your visit", "After your shot",
                "When to call", "What to remember", "Questions? Call us")  # fmt: skip
    for heading in headings:
        assert heading in text, heading
    report = quality_report(load_library(shipped), pages=False)
    assert [e for e in report.errors if "plantar-fasciitis" in e.path] == []


def test_from_copies_an_existing_handout_renamed_dated_and_unsigned(shipped: Path, cli) -> None:
    made = cli("new", "condition", "cluster-headache", "--from", "migraine")
    assert made.exit_code == 0, made.output
    text = (shipped / "conditions" / "cluster-headache.yaml").read_text()
    assert text.splitlines()[0] == SCHEMA.format("condition")
    assert "\nslug: cluster-headache\n" in text
    assert '\ntitle: "TODO: Trigger point injections for migraine"\n' in text
    assert "  - id: cluster-headache-link\n" in text and "migraine-link" not in text
    assert '    heading: "TODO: What to remember"\n' in text
    assert f"revised: {dt.date.today().isoformat()}" in text
    library = load_library(shipped)
    copy = library.conditions["cluster-headache"]
    assert copy.block_ids == [
        "trigger-points", "cluster-headache-link", "how-injections-help", "what-happens",
        "after-the-shot", "cluster-headache-remember", "contact-us",
    ]  # fmt: skip
    assert copy.reviewed_by is None and library.handout("cluster-headache").draft
    assert library.withheld["es", "cluster-headache"].endswith("(translated_from: awaiting)")


def test_a_new_block_and_a_copy_of_one(bilingual: Path, cli) -> None:
    made = cli("new", "block", "ice-at-home")
    assert made.exit_code == 0, made.output
    assert "List 'ice-at-home' under blocks: in the handouts that use it" in made.stdout
    assert (
        (bilingual / "blocks" / "ice-at-home.yaml")
        .read_text()
        .startswith(SCHEMA.format("block") + "\n")
    )
    copied = cli("new", "block", "ice", "--from", "care")
    assert copied.exit_code == 0, copied.output
    text = (bilingual / "blocks" / "ice.yaml").read_text()
    assert '\nheading: "TODO: After your shot"\n' in text
    assert "\nreviewed_by:\nreviewed_on:\n" in text  # care.yaml is signed; its copy is not
    check = cli("check")
    assert check.exit_code == 0, check.output
    assert "content/blocks/ice.yaml:4:11: a TODO is left here" in check.stdout
    assert "translations: 3 current, 0 stale, 0 missing, 2 awaiting" in check.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["condition", "Plantar Fasciitis"], "error: 'Plantar Fasciitis' is not a slug: a "
         "condition's name is lower-case letters, digits and single hyphens"),
        (["condition", "neck"], "error: content/conditions/neck.yaml already exists"),
        (["condition", "neck-es"], "error: 'neck-es' would share file names with the copies of "
         "'neck'"),
        (["condition", "back", "--from", "nek"], "error: --from: no condition 'nek' in "
         "content/conditions; did you mean 'neck'?"),
        (["block", "neck-knots"], "error: 'neck-knots' is already a block written inline in "
         "content/conditions/neck.yaml"),
        (["block", "care"], "error: content/blocks/care.yaml already exists"),
    ],
)  # fmt: skip
def test_a_bad_name_is_refused_and_nothing_is_written(
    bilingual: Path, cli, args: list[str], message: str
) -> None:
    before = _files(bilingual)
    result = cli("new", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert _files(bilingual) == before
