"""The part registry: every kind carries every stage, and every stage reads the registry."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from handouts import Library, load_library
from handouts.content.fields import Text
from handouts.content.models import Block
from handouts.parts import KINDS, MODULES, PART_KINDS, Part, PartModel, missing_stages
from handouts.quality import text_units
from tests.conftest import FIXTURES, SHIPPED_CONTENT

LIBRARIES = [load_library(SHIPPED_CONTENT), load_library(FIXTURES / "all-parts")]


def _parts(library: Library) -> Iterator[PartModel]:
    for _, _, block in library.all_blocks():
        yield from block.body


def test_every_registered_kind_defines_every_stage() -> None:
    assert len(KINDS) == len(MODULES) == 10
    for kind in KINDS:
        assert missing_stages(kind) == [], kind.kind
        assert kind.__module__ == f"handouts.parts.{kind.kind}"


def test_a_kind_without_a_stage_is_caught() -> None:
    class Incomplete(PartModel):
        kind: ClassVar[str] = "incomplete"
        text: Text = Field(alias="incomplete")

        def texts(self) -> Iterator[str]:
            yield self.text

    assert missing_stages(Incomplete) == ["render", "tags"]


def test_validation_knows_exactly_the_registered_kinds() -> None:
    adapter = TypeAdapter(Part)
    with pytest.raises(ValidationError) as raised:
        adapter.validate_python({"unknown": "x"})
    assert str(list(PART_KINDS)).replace("[", "").replace("]", "") in str(raised.value)
    assert isinstance(adapter.validate_python({"paragraph": "Hello."}), KINDS[0])


def test_every_kind_is_exercised_by_the_shipped_content_or_a_fixture() -> None:
    """So the tagging tests (which read every shipped and fixture handout back from its PDF
    against each part's own `tags`) and the quality gates cover every kind."""
    used = {part.kind for library in LIBRARIES for part in _parts(library)}
    assert used == set(PART_KINDS)


@pytest.mark.parametrize("library", LIBRARIES, ids=["shipped", "all-parts"])
def test_the_quality_gates_read_every_parts_own_text(library: Library) -> None:
    for _, _, block in library.all_blocks():
        units = list(text_units(block))
        for part in block.body:
            for text in part.texts():
                assert text in units


def test_a_hard_sentence_in_any_kind_fails_the_readability_gate() -> None:
    """A new kind's text cannot skip the gate: the gate reads `texts()` of whatever is there."""
    from handouts.quality import QualityReport, check_readability

    library = load_library(SHIPPED_CONTENT)
    hard = (
        "Notwithstanding comprehensive interdisciplinary considerations, practitioners "
        "administering intramuscular anaesthetic formulations must systematically evaluate "
        "contraindications, pharmacological interactions and idiosyncratic hypersensitivity."
    )
    block = library.blocks["what-happens"]
    for kind in KINDS:
        if kind.kind == "contacts":
            continue  # its only text is an optional intro; covered by the paragraph below
        part = next(
            p for lib in LIBRARIES for p in _parts(lib) if p.kind == kind.kind and list(p.texts())
        )
        dumped = part.model_dump_json(by_alias=True)
        for text in part.texts():  # every text the kind says it has, made hard
            dumped = dumped.replace(_json(text), _json(hard))
        swapped = part.model_validate_json(dumped)
        hard_block = block.model_copy(update={"body": [swapped]})
        blocks = {**library.blocks_by_lang["en"], "what-happens": hard_block}
        report = QualityReport()
        check_readability(_with_blocks(library, blocks), report)
        assert any("what-happens" in str(e) for e in report.errors), kind.kind


def _json(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)[1:-1]


def _with_blocks(library: Library, blocks: dict[str, Block]) -> Library:
    from dataclasses import replace

    return replace(library, blocks_by_lang={**library.blocks_by_lang, "en": blocks})
