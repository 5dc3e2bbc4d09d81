"""Icons: one file per name, chosen by meaning, drawn as artifacts (screen readers skip them;
the words beside each say the same)."""

from __future__ import annotations

import io
from dataclasses import replace

import pikepdf
import pytest

from handouts import load_library
from handouts.content.models import Block
from handouts.parts.base import ICONS
from handouts.render.document import render_document
from handouts.render.icons import FOLDER, _drawing, icon_for_block
from tests.conftest import FIXTURES
from tests.structure import leaves, read

LIBRARY = load_library(FIXTURES / "mini")


def _block(icon: str | None = None, body: list | None = None) -> Block:
    return Block.model_validate(
        {"id": "b", "heading": "After your shot", "icon": icon, "revised": "2026-01-01",
         "reviewed_by": None, "reviewed_on": None, "body": body or [{"paragraph": "Ice helps."}]}
    )  # fmt: skip


@pytest.mark.parametrize("name", ICONS)
def test_every_icon_has_its_file_square_and_in_one_colour(name: str) -> None:
    assert (FOLDER / f"{name}.svg").is_file()
    drawing = _drawing(name, "#2A8C82")
    assert drawing.width == drawing.height
    paints = set()

    def walk(node) -> None:
        for child in getattr(node, "contents", ()):
            walk(child)
        for attribute in ("fillColor", "strokeColor"):
            colour = getattr(node, attribute, None)
            if colour is not None:
                paints.add(colour.hexval())

    walk(drawing)
    assert paints == {"0x2a8c82"}


def test_icons_are_chosen_by_meaning() -> None:
    assert icon_for_block(_block("ice")) == "ice"
    assert icon_for_block(_block(body=[{"contacts": None}])) == "phone"
    assert (
        icon_for_block(_block(body=[{"faq": [{"question": "Q?", "answer": "A."}]}])) == "question"
    )
    assert icon_for_block(_block()) is None
    assert (FOLDER / "LICENSE").read_text().startswith("MIT License")


def _fills(data: bytes) -> tuple[int, int]:
    """Painted paths inside artifacts, and inside tagged content, on page 1."""
    pdf = pikepdf.open(io.BytesIO(data))
    stack: list[str] = []
    artifact = tagged = 0
    for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
        op = str(operator)
        if op in ("BDC", "BMC"):
            stack.append(str(operands[0]))
        elif op == "EMC":
            stack.pop()
        elif op in ("f", "f*", "B", "B*", "S", "s"):
            if stack and stack[-1] != "/Artifact":
                tagged += 1
            else:
                artifact += 1
    return artifact, tagged


def test_a_blocks_icon_is_drawn_as_an_artifact_and_adds_no_structure() -> None:
    handout = LIBRARY.handout("neck-pain")
    plain = render_document(replace(handout, blocks=(_block(),))).data
    with_icon = render_document(replace(handout, blocks=(_block("ice"),))).data
    assert leaves(read(plain).root) == leaves(read(with_icon).root)
    (plain_artifacts, plain_tagged), (icon_artifacts, icon_tagged) = (
        _fills(plain),
        _fills(with_icon),
    )
    assert icon_tagged == plain_tagged == 0
    assert icon_artifacts > plain_artifacts


def test_the_warning_colours_keep_text_readable() -> None:
    """White title on the emergency band, dark text on its tint: WCAG 1.4.3's 4.5:1 at least."""
    from handouts.render.contrast import MIN_TEXT_CONTRAST, WHITE, ratio, tint
    from handouts.render.theme import Theme

    theme = Theme()
    assert ratio(WHITE, theme.emergency) >= MIN_TEXT_CONTRAST
    text = LIBRARY.brand.colours.text
    assert ratio(text, tint(theme.emergency, theme.emergency_tint)) >= MIN_TEXT_CONTRAST
