"""What a patient sees, pinned as pictures: every page of every shipped handout, drawn by
poppler's `pdftoppm` and compared with the reference PNGs in tests/data/pages/ (with a small
tolerance, so a different poppler's anti-aliasing passes and a moved block does not).

`test_golden.py` says *that* bytes changed; this says *where on the page*, and the reference PNGs
show the change in review. A change meant to alter the pages regenerates them, and the contact
sheet of page 1s in docs/, in the same commit:

    HANDOUTS_REGEN_PAGES=1 .venv/bin/pytest tests/render/test_page_pictures.py

A failure writes the new page and a difference picture beside the test's temporary folder and
names them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.conftest import ROOT, TESTS

REFERENCE = TESTS / "data" / "pages"
CONTACT_SHEET = ROOT / "docs" / "page-ones.png"
DPI = 30  # enough to see a block move or a box change; ~9 KB a page in git
SHEET_DPI = 45
CHANGED = 64  # a pixel counts as changed when a grey level moves by more than this
MAX_CHANGED = 0.004  # of a page's pixels: anti-aliasing noise is far below, a moved line above
PDFTOPPM = shutil.which("pdftoppm")
REGENERATE = os.environ.get("HANDOUTS_REGEN_PAGES") == "1"


def _draw(pdf: Path, folder: Path, dpi: int, first_only: bool = False) -> list[Path]:
    """The PDF's pages as PNGs named <stem>-<n>.png: greyscale, or page 1 in colour."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = ["-f", "1", "-l", "1"] if first_only else ["-gray"]
    subprocess.run(
        [PDFTOPPM, "-png", "-r", str(dpi), *pages, str(pdf), str(folder / pdf.stem)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    drawn = sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    for number, path in enumerate(drawn, start=1):  # pdftoppm pads numbers by page count
        path.rename(folder / f"{pdf.stem}-{number}.png")
    return [folder / f"{pdf.stem}-{n}.png" for n in range(1, len(drawn) + 1)]


def _changed_share(expected: Image.Image, actual: Image.Image) -> float:
    difference = ImageChops.difference(expected.convert("L"), actual.convert("L"))
    histogram = difference.histogram()
    return sum(histogram[CHANGED + 1 :]) / (expected.width * expected.height)


def _contact_sheet(pdfs: list[Path], folder: Path) -> None:
    """Page 1 of every English handout on the top rows, its Spanish below, as a designer's
    contact sheet (docs/page-ones.png)."""
    firsts = [_draw(pdf, folder / "sheet", SHEET_DPI, first_only=True)[0] for pdf in pdfs]
    pictures = [Image.open(path).convert("RGB") for path in firsts]
    width, height = pictures[0].size
    columns, gap = 5, 8
    rows = -(-len(pictures) // columns)
    size = (columns * (width + gap) + gap, rows * (height + gap) + gap)
    sheet = Image.new("RGB", size, (200, 200, 200))
    for index, picture in enumerate(pictures):
        row, column = divmod(index, columns)
        sheet.paste(picture, (gap + column * (width + gap), gap + row * (height + gap)))
    sheet.save(CONTACT_SHEET, optimize=True)


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm missing: apt-get install poppler-utils")
def test_every_page_looks_as_it_did(catalog: Path, tmp_path: Path) -> None:
    english = sorted(p for p in catalog.glob("*.pdf") if not p.stem.endswith("-es"))
    pdfs = [*english, *(catalog / f"{p.stem}-es.pdf" for p in english)]
    drawn = {path.name: path for pdf in pdfs for path in _draw(pdf, tmp_path / "new", DPI)}
    if REGENERATE:
        shutil.rmtree(REFERENCE, ignore_errors=True)
        REFERENCE.mkdir(parents=True)
        for name, path in drawn.items():  # 16 greys: half the size in git, far within tolerance
            grey = Image.open(path).convert("L").point(lambda v: v // 17 * 17)
            grey.quantize(16).save(REFERENCE / name, optimize=True, bits=4)
        _contact_sheet(pdfs, tmp_path)
        pytest.skip(f"regenerated {len(drawn)} reference pages and {CONTACT_SHEET.name}")

    expected = {path.name for path in REFERENCE.glob("*.png")}
    assert set(drawn) == expected, (
        f"pages added: {sorted(set(drawn) - expected)}; pages gone: {sorted(expected - set(drawn))}"
    )
    failures = []
    for name, path in sorted(drawn.items()):
        reference, actual = Image.open(REFERENCE / name), Image.open(path)
        if reference.size != actual.size:
            failures.append(f"{name}: {actual.size} pixels, the reference is {reference.size}")
            continue
        share = _changed_share(reference, actual)
        if share > MAX_CHANGED:
            ImageChops.difference(reference.convert("L"), actual.convert("L")).save(
                tmp_path / f"diff-{name}"
            )
            failures.append(f"{name}: {share:.1%} of the page changed (see {tmp_path}/diff-{name})")
    assert not failures, "\n".join(
        [*failures, "if the change is meant, regenerate (see this test's docstring)"]
    )
