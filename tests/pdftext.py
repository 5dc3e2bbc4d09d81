"""A PDF's text as a reader gets it, read back with PDFium (the engine Chrome shows PDFs with).

PDFium reads a handout's text in about 2 ms; pypdf's extract_text parses the content streams in
Python, about 27 ms a handout, and was the largest single cost of the test suite. pypdf stays
the reader for everything else: structure, annotations, form fields, metadata, encryption.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

PDF = bytes | str | Path
IDENTITY = pdfium.PdfMatrix()


@dataclass(frozen=True)
class Run:
    """The text one operator draws (ReportLab: a line, or its bold or linked part)."""

    x: float  # where its first character starts, points from the page's left edge
    y: float  # its baseline, points from the page's foot
    size: float  # its font size as drawn, in points
    text: str


@contextmanager
def _opened(pdf: PDF, password: str | None = None) -> Iterator[pdfium.PdfDocument]:
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf), password=password)
    try:
        yield document
    finally:
        document.close()  # closes its pages and text pages too


def page_texts(pdf: PDF, password: str | None = None) -> list[str]:
    """Each page's text, top to bottom, one drawn line a line (PDFium's "\\r\\n" made "\\n")."""
    with _opened(pdf, password) as document:
        return [page.get_textpage().get_text_bounded().replace("\r\n", "\n") for page in document]


def text_of(pdf: PDF, password: str | None = None) -> str:
    """Every page's text as one line, words separated by single spaces."""
    return " ".join(" ".join(page_texts(pdf, password)).split())


def page_runs(pdf: PDF) -> list[list[Run]]:
    """Each page's runs of text, in the order drawn, in page coordinates (inside a form too)."""
    with _opened(pdf) as document:
        return [list(_runs(page, page.get_textpage())) for page in document]


def _runs(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    form: pdfium.PdfObject | None = None,
    to_page: pdfium.PdfMatrix = IDENTITY,
) -> Iterator[Run]:
    for item in page.get_objects(form=form, max_depth=1, textpage=textpage):
        if item.type == pdfium_c.FPDF_PAGEOBJ_FORM:  # ReportLab draws "Page n of m" in one
            yield from _runs(page, textpage, item, item.get_matrix().multiply(to_page))
        elif isinstance(item, pdfium.PdfTextObj):
            matrix = item.get_matrix().multiply(to_page)  # the text's own space to the page's
            size = item.get_font_size() * math.hypot(matrix.c, matrix.d)
            yield Run(matrix.e, matrix.f, round(size, 2), item.extract())
