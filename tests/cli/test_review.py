"""Clinical sign-off end to end: `handouts review` lists and signs, `check` warns or (with
--strict) fails, and the PDFs we build say "Draft" in every page's footer, in the handout's
language, until every text of the handout is signed; the catalog card says so too."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.pdftext import page_texts

DRAFT = "Draft: not yet reviewed by a clinician"
BORRADOR = "Borrador: aún no revisado por un profesional clínico"
SIGN_ALL_MINI = ("--sign", "neck-pain", "--sign", "neck-knots", "--sign", "aftercare",
                 "--sign", "contact-us")  # fmt: skip


@pytest.fixture
def bilingual(workdir: Path) -> Path:
    shutil.copytree(FIXTURES / "bilingual", workdir / "content")
    return workdir / "content"


def _footers(pdf: Path) -> list[str]:
    """Each page's text, as a reader extracts it (the footer is drawn on every page)."""
    return [" ".join(page.split()) for page in page_texts(pdf)]


def _built(cli, *args: str) -> None:
    result = cli("build", "--paper", "letter", *args)
    assert result.exit_code == 0, result.output


def test_signing_every_text_removes_the_footer_marker_and_an_edit_brings_it_back(
    mini: Path, cli, workdir: Path
) -> None:
    pdf = workdir / "out" / "neck-pain.pdf"
    _built(cli, "neck-pain")
    assert all(DRAFT in page for page in _footers(pdf))
    result = cli("review", *SIGN_ALL_MINI[:-2], "--by", "Dr. Test, MD", "--on", "2026-02-01")
    assert result.exit_code == 0, result.output
    assert "signed block 'aftercare' (en) in content/blocks/aftercare.yaml: Dr. Test, MD, " \
        "2026-02-01, sha256:" in result.stdout  # fmt: skip
    _built(cli, "neck-pain")
    assert all(DRAFT in page for page in _footers(pdf))  # contact-us is not signed yet
    assert cli("review", "--sign", "contact-us", "--by", "Dr. Test, MD").exit_code == 0
    _built(cli, "neck-pain")
    assert not any(DRAFT in page for page in _footers(pdf))
    assert all("Revised January 10, 2026" in page for page in _footers(pdf))

    # A comment, re-wrapping and indentation change nothing...
    path = mini / "blocks" / "aftercare.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "  - paragraph: The area may feel sore for a day or so.",
            "  # Kept short on purpose.\n  - paragraph: >\n      The area may feel sore\n"
            "      for a day or so.",
        ),
        encoding="utf-8",
    )
    _built(cli, "neck-pain")
    assert not any(DRAFT in page for page in _footers(pdf))
    # ...one changed word voids that block's sign-off, and the handout is a draft again.
    path.write_text(path.read_text().replace("a day or so", "a week or so"), encoding="utf-8")
    _built(cli, "neck-pain")
    assert all(DRAFT in page for page in _footers(pdf))
    review = cli("review")
    assert review.exit_code == 0
    assert re.search(
        r"^  aftercare +block +changed since signed +content/blocks/aftercare\.yaml:4$",
        review.stdout, re.MULTILINE,
    )  # fmt: skip
    check = cli("check")
    assert check.exit_code == 0
    assert (
        "content/blocks/aftercare.yaml:4:1: block 'aftercare' (en): the sign-off by Dr. Test, "
        "MD on 2026-02-01 no longer matches the text (changed since); sign it again"
    ) in check.stdout


def test_review_lists_exactly_the_unsigned_texts_per_handout_and_language(
    bilingual: Path, cli
) -> None:
    result = cli("review", "--sign", "neck-knots", "--lang", "es", "--by", "Dra. Ruiz")
    assert result.exit_code == 0, result.output
    result = cli("review")
    assert result.exit_code == 0, result.output
    listed = [line.split() for line in result.stdout.splitlines() if line.startswith("  ")]
    assert [(words[0], words[-1]) for words in listed[:-1]] == [
        ("neck", "content/conditions/neck.yaml:2"),
        ("neck-knots", "content/conditions/neck.yaml:9"),
        ("care", "content/blocks/care.yaml:4"),  # signed before sign-offs recorded the text
        ("neck", "content/conditions/neck.es.yaml:3"),
        ("care", "content/blocks/care.es.yaml:5"),
    ]
    assert "neck (en): 3 of 3 texts to sign" in result.stdout
    assert "neck (es): 2 of 3 texts to sign" in result.stdout
    assert "5 texts to sign" in result.stdout
    spanish = cli("review", "--lang", "es").stdout
    assert "neck (en)" not in spanish and "neck (es): 2 of 3 texts to sign" in spanish


def test_check_warns_with_a_count_and_strict_fails_with_a_located_line_each(
    bilingual: Path, cli
) -> None:
    plain = cli("check")
    assert plain.exit_code == 0, plain.output
    assert (
        "warning: 6 texts await a clinician's sign-off, so 2 of 2 handouts are marked as "
        "drafts; run handouts review to list them"
    ) in plain.stdout
    assert "content/blocks/care.es.yaml" not in plain.stdout  # a count, not a line per text
    strict = cli("check", "--strict")
    assert strict.exit_code == 1
    errors = [
        line for line in strict.stderr.splitlines() if re.match(r"content/\S+:\d+:\d+: ", line)
    ]
    assert len(errors) == 6
    assert (
        "content/blocks/care.es.yaml:5:1: block 'care' (es): not yet signed off by a clinician "
        '(handouts review --sign care --lang es --by "Name, MD")'
    ) in errors
    assert (
        "content/blocks/care.yaml:4:1: block 'care' (en): the sign-off by Dr. Example on "
        "2026-03-02 records no reviewed_text (the text signed); sign it again"
    ) in strict.stderr
    signed = cli("review", "--lang", "en", "--by", "Dr. A", "--sign", "neck", "--sign",
                 "neck-knots", "--sign", "care")  # fmt: skip
    assert signed.exit_code == 0, signed.output
    signed = cli("review", "--lang", "es", "--by", "Dra. B", "--sign", "neck", "--sign",
                 "neck-knots", "--sign", "care")  # fmt: skip
    assert signed.exit_code == 0, signed.output
    assert cli("check", "--strict").exit_code == 0
    assert "Every text is signed off" in cli("review").stdout


def test_the_marker_is_in_the_handouts_language_and_on_its_catalog_card(
    bilingual: Path, cli, workdir: Path
) -> None:
    signed = cli("review", "--lang", "en", "--by", "Dr. A", "--sign", "neck", "--sign",
                 "neck-knots", "--sign", "care")  # fmt: skip
    assert signed.exit_code == 0, signed.output
    _built(cli)
    out = workdir / "out"
    assert not any(DRAFT in page for page in _footers(out / "neck.pdf"))
    spanish = _footers(out / "neck-es.pdf")
    assert all(BORRADOR in page and DRAFT not in page for page in spanish)
    manifest = json.loads((out / "manifest.json").read_text())["files"]
    assert (manifest["neck.pdf"]["draft"], manifest["neck-es.pdf"]["draft"]) == ("", BORRADOR)
    page = (out / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<li class="card"(.*?) href="([^"]+)"', page, re.DOTALL)
    cards = {href: card for card, href in found}  # a card's chips come before its Print link
    assert f'<li class="chip draft" lang="es">{BORRADOR}</li>' in cards["neck-es.pdf"]
    assert "chip draft" not in cards["neck.pdf"]
