"""Translation state (content/translations.py): which text of its original each translation was
made from, what `check` and `build` do in each state, and `handouts translations --done`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from handouts import (
    ContentErrors,
    HandoutsError,
    load_library,
    mark_translated,
    render_handout,
    translation_states,
)
from handouts.content.translations import Status, source_hash
from handouts.quality import quality_report
from tests.conftest import FIXTURES, SHIPPED_CONTENT
from tests.pdftext import page_texts

CARE_ES = "content/blocks/care.es.yaml"


@pytest.fixture
def bilingual(workdir: Path) -> Path:
    shutil.copytree(FIXTURES / "bilingual", workdir / "content")
    return workdir / "content"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _states(content: Path) -> dict[str, Status]:
    return {f"{t.kind}:{t.name}": t.status for t in translation_states(load_library(content))}


def _text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def test_every_shipped_translation_is_current() -> None:
    states = translation_states(load_library(SHIPPED_CONTENT))
    assert len(states) >= 18  # brand.es.yaml, 7 blocks, 10 conditions
    assert [f"{t.display}: {t.status}" for t in states if t.status is not Status.CURRENT] == []


def test_the_hash_covers_the_words_not_the_layout(bilingual: Path) -> None:
    care = bilingual / "blocks" / "care.yaml"
    before = source_hash(load_library(bilingual).blocks["care"])
    _edit(care, "  - paragraph: The spot", "  # a comment\n  - paragraph: >\n      The spot")
    _edit(care, "revised: 2026-03-01", "revised: 2026-05-01")
    assert source_hash(load_library(bilingual).blocks["care"]) == before
    assert _states(bilingual)["block:care"] is Status.CURRENT
    _edit(care, "The spot may be sore.", "The spot may be sore for a day.")
    assert source_hash(load_library(bilingual).blocks["care"]) != before


def test_a_stale_translation_is_a_warning_naming_both_files_and_is_still_printed(
    bilingual: Path, cli
) -> None:
    _edit(bilingual / "blocks" / "care.yaml", "may be sore.", "may be sore for a day.")
    found = (
        f"{CARE_ES}:2:1: this Spanish (es) translation was made from an older text of "
        "content/blocks/care.yaml (revised 2026-03-01): update it, then run: handouts "
        "translations --done care --lang es"
    )
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert f"warning: {found}" in result.stdout.splitlines()
    assert "translations: 2 current, 1 stale, 0 missing" in result.stdout.splitlines()
    library = load_library(bilingual)
    strict = quality_report(library, pages=False, strict=True)
    assert found in map(str, strict.errors) and not strict.warnings
    spanish = render_handout(library, "neck", lang="es")
    assert "Después de la inyección" in _text(spanish.data)


def test_english_words_saved_as_a_translation_are_an_error(bilingual: Path, cli) -> None:
    english = (bilingual / "blocks" / "care.yaml").read_text(encoding="utf-8")
    (bilingual / "blocks" / "care.es.yaml").write_text(english, encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 1
    assert (
        f"{CARE_ES}:1:1: this Spanish (es) translation has the same words as "
        "content/blocks/care.yaml: translate them, or write 'translated_from: awaiting' until "
        "they are translated"
    ) in result.stderr.splitlines()
    assert cli("build", "--out", "out").exit_code == 1
    assert not Path("out").exists()
    (bilingual / "blocks" / "care.es.yaml").write_text(
        english.replace("id: care\n", "id: care\ntranslated_from: awaiting\n"), encoding="utf-8"
    )
    assert _states(bilingual)["block:care"] is Status.AWAITING


def test_an_awaiting_translation_is_never_printed_and_the_english_still_is(
    bilingual: Path, cli
) -> None:
    _edit(
        bilingual / "blocks" / "care.es.yaml",
        "translated_from: 0b2d1b81d527",
        "translated_from: awaiting",
    )
    reason = f"'neck' is not printed in Spanish (es): {CARE_ES} awaits translation"
    library = load_library(bilingual)
    assert library.withheld == {("es", "neck"): f"{reason} (translated_from: awaiting)"}
    with pytest.raises(HandoutsError, match=re.escape(reason)):
        render_handout(library, "neck", lang="es")
    assert "Knots in the neck" in _text(render_handout(library, "neck").data)
    built = cli("build", "neck", "--out", "out")
    assert built.exit_code == 0, built.output
    assert f"warning: {reason} (translated_from: awaiting)" in built.stderr.splitlines()
    assert sorted(p.name for p in Path("out").glob("*.pdf")) == ["neck.pdf"]
    spanish_only = cli("build", "neck", "--lang", "es", "--out", "out")
    assert spanish_only.exit_code == 1
    assert f"error: nothing to build: {reason}" in spanish_only.stderr
    check = cli("check")
    assert check.exit_code == 0, check.output
    assert f"warning: {CARE_ES}:2:1: this file awaits its Spanish (es) translation" in check.stdout
    strict = cli("check", "--strict")
    assert strict.exit_code == 1
    assert f"{CARE_ES}:2:1: this file awaits its Spanish (es) translation" in strict.stderr


def test_without_the_brand_translation_no_spanish_handout_is_printed(bilingual: Path, cli) -> None:
    (bilingual / "brand.es.yaml").unlink()
    library = load_library(bilingual)
    assert list(library.withheld) == [("es", "neck")]
    assert "content/brand.es.yaml does not exist" in library.withheld["es", "neck"]
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert (
        "warning: content/brand.yaml:2:1: the brand's words (tagline, wording) have no Spanish "
        "(es) translation, so no Spanish (es) handout is printed: add content/brand.es.yaml"
    ) in result.stdout.splitlines()
    assert "translations: 2 current, 0 stale, 1 missing" in result.stdout


def test_done_records_the_current_text_changing_one_line_only(bilingual: Path, cli) -> None:
    _edit(bilingual / "blocks" / "care.yaml", "Ice can help.", "Ice can help a lot.")
    spanish = bilingual / "blocks" / "care.es.yaml"
    _edit(spanish, "body:\n", "# El hielo: revisado por el traductor.\nbody:\n")
    _edit(spanish, "El hielo ayuda.", "El hielo ayuda mucho.")
    before = spanish.read_text(encoding="utf-8").splitlines()
    assert _states(bilingual)["block:care"] is Status.STALE
    result = cli("translations", "--done", "care", "--lang", "es")
    assert result.exit_code == 0, result.output
    new_hash = source_hash(load_library(bilingual).blocks["care"])
    assert result.stdout == (
        f"marked {CARE_ES} as translated from content/blocks/care.yaml as it is now ({new_hash})\n"
    )
    after = spanish.read_text(encoding="utf-8").splitlines()
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [("translated_from: 0b2d1b81d527", f"translated_from: {new_hash}")]
    assert _states(bilingual)["block:care"] is Status.CURRENT
    again = cli("translations", "--done", "care", "--lang", "es")
    assert again.stdout == f"{CARE_ES} is already marked as made from the current text\n"


def test_done_all_writes_the_line_where_it_was_missing(bilingual: Path, cli) -> None:
    neck = bilingual / "conditions" / "neck.es.yaml"
    original = neck.read_bytes()
    _edit(neck, "translated_from: fab5abfbf657\n", "")
    listing = cli("translations")
    assert listing.exit_code == 0
    rows = [line.split() for line in listing.stdout.splitlines()]
    assert ["neck", "condition", "es", "unrecorded", "content/conditions/neck.es.yaml"] in rows
    assert (
        "content/conditions/neck.es.yaml:1:1: this Spanish (es) translation does not record which "
        "text of content/conditions/neck.yaml it translates"
    ) in listing.stdout
    marked = mark_translated(bilingual, ["all"], lang="es")
    assert [(m.translation.name, m.written) for m in marked] == [("neck", True)]
    assert neck.read_bytes() == original


def test_done_refuses_what_it_cannot_mark_and_writes_nothing(bilingual: Path, cli) -> None:
    care = bilingual / "blocks" / "care.es.yaml"
    english = (bilingual / "blocks" / "care.yaml").read_text(encoding="utf-8")
    care.write_text(english.replace("id: care\n", "id: care\ntranslated_from: awaiting\n"))
    files = {p: p.read_bytes() for p in bilingual.rglob("*.yaml")}
    for args, message in [
        (["--done", "care"], f"error: {CARE_ES} still has the words of content/blocks/care.yaml"),
        (["--done", "nope"], "error: no translation of 'nope'"),
        (["--done", "x" * 5000], "error: no translation of '" + "x" * 40 + "…'"),  # cut short
        (["--done", "care", "--lang", "fr"], "error: 'fr' is not a translation's language"),
    ]:
        result = cli("translations", *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(message), result.stderr
    with pytest.raises(HandoutsError, match="no translation of 'nek'; did you mean 'neck'"):
        mark_translated(bilingual, ["neck", "nek"], lang="es")
    assert {p: p.read_bytes() for p in bilingual.rglob("*.yaml")} == files
    signing = cli("review", "--sign", "care", "--lang", "es", "--by", "Dra. B")
    assert signing.exit_code == 1
    assert f"{CARE_ES} awaits its translation (translated_from: awaiting)" in signing.stderr


def test_translated_from_only_at_the_top_of_a_translation(bilingual: Path) -> None:
    _edit(bilingual / "blocks" / "care.yaml", "id: care\n", "id: care\ntranslated_from: awaiting\n")
    _edit(
        bilingual / "conditions" / "neck.es.yaml",
        "    heading: Nudos",
        "    translated_from: awaiting\n    heading: Nudos",
    )
    _edit(bilingual / "brand.es.yaml", "translated_from: bcd0f53bb849", "translated_from: abc123")
    with pytest.raises(ContentErrors) as caught:
        load_library(bilingual)
    found = [str(error) for error in caught.value.errors]
    assert found == [
        "content/blocks/care.yaml:2:1: this file is in the base language (en), not a "
        "translation: remove translated_from (it belongs in its translations, name.<lang>.yaml)",
        "content/brand.es.yaml:2:18: 'abc123' is not what this translation was made from: write "
        "'awaiting' until it is translated; then `handouts translations --done NAME --lang LANG` "
        "writes the hash of the text it was translated from (12 hex digits)",
        "content/conditions/neck.es.yaml:8:5: translated_from goes at the top of the file, for the "
        "whole file, not in a block written inline",
    ]


def test_check_for_ci_reports_translations_as_warnings_or_strict_problems(
    bilingual: Path, cli
) -> None:
    _edit(bilingual / "conditions" / "neck.yaml", "Neck pain", "Pain in the neck")
    document = json.loads(cli("check", "--format", "json").stdout)
    assert document["ok"] is True
    stale = [w for w in document["warnings"] if "older text" in w["message"]]
    assert [w["file"] for w in stale] == ["content/conditions/neck.es.yaml"]
    assert [(w["line"], w["column"], w["severity"]) for w in stale] == [(2, 1, "warning")]
    assert "was made from an older text of content/conditions/neck.yaml" in stale[0]["message"]
    strict = json.loads(cli("check", "--strict", "--format", "json").stdout)
    assert strict["ok"] is False
    assert any(p["file"] == "content/conditions/neck.es.yaml" for p in strict["problems"])
