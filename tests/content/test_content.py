"""The shipped content library: complete, bilingual, faithful to the seeds, within limits."""

from __future__ import annotations

from pathlib import Path

import yaml
from pypdf import PdfReader

from handouts import load_library
from handouts.content import markup
from handouts.content.models import Block
from handouts.quality import quality_report, text_units
from tests.conftest import SHIPPED_CONTENT, TESTS
from tests.pdftext import page_texts, text_of

LIBRARY = load_library(SHIPPED_CONTENT)
SEED_FACTS = yaml.safe_load((TESTS / "data" / "seed_facts.yaml").read_text(encoding="utf-8"))
CONDITIONS = {
    "migraine", "tension-headache", "fibromyalgia", "sports-injuries", "myofascial-pain",
    "neck-shoulder-back-pain",
}  # fmt: skip
SHEETS = {"aftercare", "questions-and-answers", "treatment-areas", "pain-diary"}


def _blocks_in_use(lang: str = "en") -> dict[str, Block]:
    """Every block some handout uses, shared or inline, by id."""
    found: dict[str, Block] = {}
    for slug in LIBRARY.conditions_by_lang[lang]:
        for block in LIBRARY.handout(slug, lang=lang).blocks:
            found[block.id] = block
    return found


def _text(block: Block) -> str:
    return " ".join(" ".join(markup.plain(u).split()) for u in text_units(block)).lower()


def test_the_catalog_has_every_condition_and_sheet_in_both_languages() -> None:
    assert set(LIBRARY.conditions) == CONDITIONS | SHEETS
    assert LIBRARY.languages == ["en", "es"]
    assert set(LIBRARY.conditions_by_lang["es"]) == CONDITIONS | SHEETS


def test_every_seed_fact_is_carried_by_a_block_some_handout_uses() -> None:
    in_use = _blocks_in_use()
    assert len(SEED_FACTS) >= 50
    for fact in SEED_FACTS:
        block = in_use.get(fact["block"])
        assert block is not None, f"{fact['block']} (for: {fact['seed']}) is not in any handout"
        text = _text(block)
        for words in fact["words"]:
            assert words.lower() in text, f"{fact['block']} lacks {words!r} for: {fact['seed']}"


def test_the_careful_versions_replace_the_seeds_overstatements() -> None:
    everything = " ".join(_text(b) for b in _blocks_in_use().values())
    assert "non-invasive" not in everything
    assert "minimally invasive" in everything
    assert "does not work for everyone" in everything
    assert "immediate relief" not in everything  # "many people feel relief", not a promise


def test_every_block_carries_review_fields_and_a_revision_date() -> None:
    for lang in LIBRARY.languages:
        for block in _blocks_in_use(lang).values():
            assert block.revised is not None
            assert "reviewed_by" in block.model_fields_set
            assert "reviewed_on" in block.model_fields_set


def test_shipped_content_passes_every_quality_gate() -> None:
    report = quality_report(LIBRARY)
    assert report.errors == []
    assert {(p.handout, p.lang) for p in report.pages} == {
        (slug, lang) for slug in CONDITIONS | SHEETS for lang in ("en", "es")
    }
    for count in report.pages:
        assert count.pages <= (3 if count.handout == "pain-diary" else 2) == count.limit
    english = [s for s in report.scores if s.lang == "en"]
    assert english and max(s.score for s in english) <= 7
    spanish = [s for s in report.scores if s.lang == "es"]
    assert spanish and min(s.score for s in spanish) >= 65
    assert report.unsigned  # nothing has been signed off by a clinician yet


def test_spanish_handouts_keep_accents_and_translate_the_page_furniture(catalog: Path) -> None:
    reader = PdfReader(catalog / "migraine-es.pdf")
    text = text_of(catalog / "migraine-es.pdf")
    for expected in (
        "Inyecciones en puntos gatillo para la migraña",
        "¿Qué son los puntos gatillo?",
        "anestésico local",
        "¿Tiene preguntas? Llámenos",
        "Página 1 de 2",
        "Revisado el 3 de diciembre de 2026",
        "Llámenos: Bourbonnais 815 802-0088",
    ):
        assert expected in text
    assert reader.trailer["/Root"]["/Lang"] == "es-US"
    assert reader.metadata.title == "Inyecciones en puntos gatillo para la migraña"


def test_every_handout_is_built_in_both_languages(catalog: Path) -> None:
    names = {p.name for p in catalog.glob("*.pdf")}
    for slug in CONDITIONS | SHEETS:
        assert f"{slug}.pdf" in names and f"{slug}-es.pdf" in names
        assert PdfReader(catalog / f"{slug}-es.pdf").trailer["/Root"]["/Lang"] == "es-US"
        assert len(PdfReader(catalog / f"{slug}.pdf").pages) <= (3 if slug == "pain-diary" else 2)


def test_every_information_handout_closes_with_three_points_to_remember(catalog: Path) -> None:
    """Issue 14's close: every handout but the diary ends with "What to remember", three
    bullets, just before the contacts, in both languages; read from the PDFs a patient gets."""
    close = {
        "en": ("What to remember", "Questions? Call us"),
        "es": ("Lo que debe recordar", "¿Tiene preguntas? Llámenos"),
    }
    missing = []
    for slug in sorted(CONDITIONS | SHEETS - {"pain-diary"}):
        for lang, (heading, contacts) in close.items():
            name = f"{slug}.pdf" if lang == "en" else f"{slug}-{lang}.pdf"
            text = page_texts(catalog / name)[-1]  # the close is on it
            _, found, after = text.partition(f"\n{heading}\n")
            points, _, rest = after.partition(f"\n{contacts}\n")
            if not found or not rest or points.count("•") != 3 or f"\n{heading}\n" in rest:
                missing.append(f"{name}: {points.count('•')} points")
    assert missing == []
