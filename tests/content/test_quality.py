"""The quality gates of `handouts check`, proved on small fixtures that break them on purpose."""

from __future__ import annotations

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
    assert "neck                        es          1" in result.stdout
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


def test_the_page_limit_fails_a_handout_that_runs_long(bilingual: Path, cli) -> None:
    _edit(bilingual / "settings.yaml", "page_limit: 2", "page_limit: 1")
    long_text = " ".join(["Ice can help the sore spot."] * 160)
    _edit(bilingual / "conditions" / "neck.yaml", "Tight knots in the neck can hurt.", long_text)
    result = cli("check")
    assert result.exit_code == 1
    (line,) = [line for line in result.stderr.splitlines() if "Letter paper" in line]
    assert line.startswith(
        "content/conditions/neck.yaml:1:1: handout 'neck' (en), on Letter paper, takes 3 pages, "
        "over its limit of 1 by about "
    )
    assert line.endswith(
        "from block 'neck-knots', which runs onto page 2 (settings.yaml page_limit): shorten "
        "the text, never the type"
    )


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
