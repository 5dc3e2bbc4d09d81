"""docs/pemat.md, the PEMAT-P scoring of the shipped handouts, adds up: every English handout has
its column, N/A appears only where the PEMAT-P form offers it, each percentage is its column's
agreed items over the items that apply, and the results table says the same.

The scores themselves are a rater's judgment, read from the rendered handouts; this test keeps
the arithmetic and the coverage honest, so a new handout or a changed score cannot go unscored or
misadded."""

from __future__ import annotations

import re

from handouts import load_library
from tests.conftest import ROOT, SHIPPED_CONTENT

PEMAT = ROOT / "docs" / "pemat.md"
UNDERSTANDABILITY = [*range(1, 13), *range(15, 20)]  # 13 and 14 are audiovisual only
ACTIONABILITY = list(range(20, 27))
MAY_BE_NA = {6, 8, 9, 11, 16, 17, 18, 19, 24, 25}
"""The items whose PEMAT-P rating offers N/A (no numbers; very short material; no visual aids;
no tables; no calculations; no charts, graphs, tables or diagrams)."""
SPANISH = {"mig-es": ("migraine", "es"), "aft-es": ("aftercare", "es")}
LANGUAGE = {"English": "en", "Spanish": "es"}


def _percent(cells: list[str]) -> tuple[int, int, int]:
    agreed = sum(cell == "1" for cell in cells)
    applies = sum(cell in ("0", "1") for cell in cells)
    return round(100 * agreed / applies), agreed, applies


def test_the_pemat_scores_cover_every_handout_and_add_up() -> None:
    text = PEMAT.read_text(encoding="utf-8")
    columns_note = text[text.index("Columns:") : text.index("| # |")]
    names = dict(re.findall(r"\*\*([a-z-]+)\*\*\s+([a-z-]+)", columns_note))
    columns = {abbr: (slug, "en") for abbr, slug in names.items() if abbr not in SPANISH}
    columns.update(SPANISH)
    library = load_library(SHIPPED_CONTENT)
    english = {slug for slug, lang in columns.values() if lang == "en"}
    assert english == set(library.conditions_by_lang["en"]), "score every English handout"

    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| ")]
    header = next(row for row in rows if row[0].strip() == "#")
    order = [cell.strip() for cell in header[2:]]
    assert set(order) == set(columns)
    cells: dict[int, list[str]] = {}
    totals: dict[str, list[str]] = {}
    for row in rows:
        first = row[0].strip()
        values = [cell.strip().strip("*") for cell in row[2:]]
        if first.isdigit():
            cells[int(first)] = values
        elif row[1].strip().startswith("**") and len(values) == len(order):
            totals[row[1].strip().strip("*")] = values
    assert sorted(cells) == UNDERSTANDABILITY + ACTIONABILITY
    for item, values in cells.items():
        allowed = {"0", "1", "N/A"} if item in MAY_BE_NA else {"0", "1"}
        assert set(values) <= allowed, f"item {item}: {values}"

    found = {}
    for index, abbr in enumerate(order):
        scores = []
        for domain, items in (("understandable", UNDERSTANDABILITY), ("actionable", ACTIONABILITY)):
            percent, agreed, applies = _percent([cells[i][index] for i in items])
            assert totals[domain][index] == f"{percent} %", (abbr, domain)
            scores.append(f"{percent} % ({agreed}/{applies})")
        found[columns[abbr]] = scores

    results = text[text.index("## Results") : text.index("## Item by item")]
    listed = {}
    for row in re.findall(r"^\| ([a-z-]+) \| (\w+) \| (.+?) \| (.+?) \| (\w+) \|$", results, re.M):
        slug, language, understandable, actionable, met = row
        listed[(slug, LANGUAGE[language])] = [understandable, actionable]
        u, a = (int(score.split(" %")[0]) for score in (understandable, actionable))
        assert met == ("yes" if u >= 90 and a >= 80 else "no"), slug
    assert listed == found
