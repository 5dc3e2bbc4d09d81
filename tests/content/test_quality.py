"""The quality gates of `handouts check`, proved on small fixtures that break them on purpose."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES


@pytest.fixture
def bilingual(workdir: Path) -> Path:
    shutil.copytree(FIXTURES / "bilingual", workdir / "content")
    return workdir / "content"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_check_passes_and_prints_the_tables(bilingual: Path, cli) -> None:
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert "block                       lang    score  words  longest" in result.stdout
    assert "care                        en        2.8     21       10" in result.stdout
    assert "handout  lang  pages  fill of each page (Letter)" in result.stdout
    assert re.search(r"^neck +es +1/2 +\d+%$", result.stdout, re.MULTILINE), result.stdout
    assert "ok: 1 handout in 2 languages" in result.stdout


def test_a_hard_block_fails_the_readability_gate_and_names_its_worst_sentence(
    bilingual: Path, cli
) -> None:
    hard = (
        "Notwithstanding considerable interindividual variability, intramuscular administration "
        "of anaesthetic preparations frequently demonstrates substantial amelioration of "
        "musculoskeletal discomfort."
    )
    _edit(
        bilingual / "blocks" / "care.yaml", "The spot may be sore.", hard + " The spot may be sore."
    )
    result = cli("check")
    assert result.exit_code == 1
    assert "<- too hard" in result.stdout
    line = next(line for line in result.stderr.splitlines() if "scores" in line)
    assert line.startswith("content/blocks/care.yaml:7:16: block 'care' (en) scores ")
    assert "on flesch_kincaid_grade, which must be at most 7 (settings.yaml)" in line
    assert "the hardest sentence (" in line and f'is: "{hard}"' in line


def test_the_spanish_gate_uses_the_spanish_measure(bilingual: Path, cli) -> None:
    hard = (
        "La administración intramuscular de preparaciones anestésicas frecuentemente "
        "proporciona considerable mejoría de incomodidades musculoesqueléticas persistentes."
    )
    _edit(bilingual / "blocks" / "care.es.yaml", "La zona puede doler.", hard)
    result = cli("check")
    assert result.exit_code == 1
    assert "block 'care' (es) scores" in result.stderr
    assert "szigriszt_pazos, which must be at least 65" in result.stderr


def test_thresholds_come_from_settings_not_code(bilingual: Path, cli) -> None:
    _edit(bilingual / "settings.yaml", "max: 7}", "max: 1}")
    result = cli("check")
    assert result.exit_code == 1
    assert "which must be at most 1 (settings.yaml)" in result.stderr


def test_a_missing_translation_names_the_block_and_the_file_to_add(bilingual: Path, cli) -> None:
    """A warning (the English still previews), an error with --strict (content/translations.py)."""
    (bilingual / "blocks" / "care.es.yaml").unlink()
    found = (
        "content/blocks/care.yaml:1:1: block 'care' has no Spanish (es) translation, so the "
        "Spanish (es) handouts that use it are not printed: add content/blocks/care.es.yaml"
    )
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert f"warning: {found}" in result.stdout.splitlines()
    strict = cli("check", "--strict")
    assert strict.exit_code == 1
    assert found in strict.stderr.splitlines()


def test_a_translation_must_keep_the_blocks_in_order(bilingual: Path, cli) -> None:
    _edit(bilingual / "conditions" / "neck.es.yaml", "  - care\n", "")
    result = cli("check")
    assert result.exit_code == 1
    assert "content/conditions/neck.es.yaml:7:3: the blocks must be the same" in result.stderr


def test_a_file_for_an_unconfigured_language_is_an_error(bilingual: Path, cli) -> None:
    shutil.copy(bilingual / "blocks" / "care.es.yaml", bilingual / "blocks" / "care.fr.yaml")
    result = cli("check")
    assert result.exit_code == 1
    assert "content/blocks/care.fr.yaml: 'fr' is not a language in settings.yaml" in result.stderr


def _long_neck(bilingual: Path) -> None:
    _edit(bilingual / "settings.yaml", "page_limit: 2", "page_limit: 1")
    long_text = " ".join(["Ice can help the sore spot."] * 160)
    _edit(bilingual / "conditions" / "neck.yaml", "Tight knots in the neck can hurt.", long_text)


def test_the_page_limit_fails_a_handout_that_runs_long(bilingual: Path, cli) -> None:
    """The error names the handout, language, paper and edition, the block that runs over
    (its id and heading, at its line in the condition file) and by how many lines; the
    page-fit table shows the same, with each page's fill."""
    _long_neck(bilingual)
    result = cli("check")
    assert result.exit_code == 1
    (line,) = [line for line in result.stderr.splitlines() if "over its limit" in line]
    found = re.fullmatch(
        r"content/conditions/neck\.yaml:6:5: handout 'neck' \(en\), on Letter paper in the "
        r"edition for every clinic, takes 3 pages, over its limit of 1 \(settings\.yaml "
        r"page_limit\) by about (\d+) lines of text \((\d+) % of a page\): block 'neck-knots' "
        r"\(\"Knots in the neck\"\) runs onto page 2; shorten the text, never the type",
        line,
    )
    assert found, line
    lines, share = int(found[1]), int(found[2])
    (row,) = [row for row in result.stdout.splitlines() if re.match("neck +en ", row)]
    fills = re.fullmatch(r"neck +en +3/1 +(\d+)% (\d+)% (\d+)%  <- over by about (\d+) lines, "
                         r"from block 'neck-knots'", row)  # fmt: skip
    assert fills, row
    assert int(fills[4]) == lines and int(fills[2]) + int(fills[3]) == pytest.approx(share, abs=1)
    assert re.search(r"^neck +es +1/1 +\d+%$", result.stdout, re.MULTILINE)  # still fits


def test_check_as_json_carries_every_handouts_page_fit(bilingual: Path, cli) -> None:
    _long_neck(bilingual)
    result = cli("check", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    pages = {(fit["handout"], fit["lang"]): fit for fit in document["pages"]}
    assert set(pages) == {("neck", "en"), ("neck", "es")}
    english, spanish = pages["neck", "en"], pages["neck", "es"]
    assert english["pages"] == len(english["fills"]) == 3 and english["limit"] == 1
    assert english["paper"] == "letter" and all(0 < fill <= 1 for fill in english["fills"])
    assert english["over"]["block"] == "neck-knots" and english["over"]["page"] == 2
    assert english["over"]["lines"] > 20
    (problem,) = [p for p in document["problems"] if "over its limit" in p["message"]]
    assert f"by about {english['over']['lines']} lines" in problem["message"]
    assert spanish["pages"] == 1 and spanish["over"] is None


def test_a_medical_term_must_be_explained_where_it_first_appears(bilingual: Path, cli) -> None:
    _edit(
        bilingual / "conditions" / "neck.yaml",
        "Tight knots in the neck can hurt.",
        "A corticosteroid may help.",
    )
    result = cli("check")
    assert result.exit_code == 1
    assert (
        "'corticosteroid' is first used in handout 'neck' (en) in block 'neck-knots' "
        "without an explanation"
    ) in result.stderr


def test_texts_awaiting_sign_off_are_a_warning_not_a_failure(bilingual: Path, cli) -> None:
    result = cli("check")
    assert result.exit_code == 0
    assert "warning: 6 texts await a clinician's sign-off" in result.stdout
    assert "run handouts review to list them" in result.stdout  # tests/cli/test_review.py


def test_build_writes_each_language_with_its_suffix(bilingual: Path, cli, workdir: Path) -> None:
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (workdir / "out").iterdir()) == [
        ".thumbs", "index.html", "manifest.json", "neck-es.pdf", "neck.pdf",
    ]  # fmt: skip
    result = cli("build", "--lang", "es", "--out", "es")
    assert [p.name for p in (workdir / "es").glob("*.pdf")] == ["neck-es.pdf"]
    assert cli("build", "--lang", "fr").exit_code == 1
