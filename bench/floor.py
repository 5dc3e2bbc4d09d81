"""The floor: a handout's text laid out by bare ReportLab, with no YAML and no validation.

Same font, sizes and paragraphs as the pipeline, none of the branding, boxes or footer logic.
Run alone (`python bench/floor.py OUTDIR`) it is the cold single-document floor.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "fonts" / "AtkinsonHyperlegible-Regular.ttf"
BOLD = ROOT / "fonts" / "AtkinsonHyperlegible-Bold.ttf"

# The migraine handout's words, fixed here so the cold run reads no YAML.
TEXT = (ROOT / "bench" / "floor-text.txt").read_text(encoding="utf-8").split("\n\n")


def floor_render(handout: Any = None) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    if "Floor" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Floor", str(FONT)))
        pdfmetrics.registerFont(TTFont("Floor-Bold", str(BOLD)))
    body = ParagraphStyle("b", fontName="Floor", fontSize=13, leading=17.55, spaceAfter=8)
    head = ParagraphStyle("h", fontName="Floor-Bold", fontSize=17, leading=23, spaceBefore=16)
    story = [Paragraph(t, head if len(t) < 60 else body) for t in TEXT]
    buffer = io.BytesIO()
    margin = 54
    doc = SimpleDocTemplate(buffer, leftMargin=margin, rightMargin=margin, invariant=1)
    doc.build(story)
    return buffer.getvalue()


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    (out / "floor.pdf").write_bytes(floor_render())
