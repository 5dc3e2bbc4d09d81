"""Pydantic's errors mapped back to `file:line:col` with words an editor can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.content.load import load_yaml
from handouts.content.locate import validate_file
from handouts.content.models import Block, Condition


def _errors(tmp_path: Path, text: str, model: type = Block) -> list[str]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    source, problems = load_yaml(path, "blocks/x.yaml")
    assert source is not None and problems == []
    item, errors = validate_file(source, model)
    assert item is None
    return [str(error) for error in errors]


BLOCK = "id: x\nheading: Hi\nrevised: 2026-01-01\nreviewed_by:\nreviewed_on:\nbody:\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "id: x\nheading: Hi\nrevised: 2026-01-01\nreviewed_by:\nreviewed_on:\n",
            "blocks/x.yaml:5:1: missing required field 'body': add 'body:' after 'reviewed_on'",
        ),
        (
            BLOCK.replace("heading:", "headng:") + "  - paragraph: a\n",
            "blocks/x.yaml:2:1: unknown key 'headng' (did you mean 'heading'?)",
        ),
        (
            BLOCK.replace("heading: Hi", "heading: 12") + "  - paragraph: a\n",
            "blocks/x.yaml:2:10: 'heading' should be text, not the number 12; put it in quotes",
        ),
        (
            BLOCK.replace("revised: 2026-01-01", "revised: soon") + "  - paragraph: a\n",
            "blocks/x.yaml:3:10: 'revised' should be a date written as YYYY-MM-DD, not 'soon'",
        ),
        (
            BLOCK + "  - paragraf: a\n",
            "blocks/x.yaml:7:5: unknown part 'paragraf' (did you mean 'paragraph'?); use one of: "
            "paragraph, bullets, steps, callout, faq, table, contacts, diary, write_in, figure",
        ),
        (
            BLOCK + "  - callout: {title: T, tone: loud}\n",
            "blocks/x.yaml:7:31: 'tone' must be 'info' or 'warning', not 'loud'",
        ),
        (
            BLOCK + "  - bullets: [" + ", ".join(["a"] * 41) + "]\n",
            "blocks/x.yaml:7:14: 'bullets' has 41 items; a handout takes at most 40: split it",
        ),
        (
            BLOCK + "  - paragraph: a\n    bullets: [b]\n",
            "blocks/x.yaml:8:5: a part has exactly one kind, but this one has 'paragraph', "
            "'bullets'; start each part with its own '- '",
        ),
    ],
)
def test_each_kind_of_error_is_located_and_explained(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in _errors(tmp_path, text)


def test_every_error_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = "slug: Bad Slug\ntitle: T\nmessage: M\nrevised: 2026-01-01\nblocks: [a]\nextra: 1\n"
    errors = _errors(tmp_path, text, Condition)
    assert len(errors) == 2
    assert errors[0].startswith("blocks/x.yaml:1:7: 'Bad Slug' is not a valid id")
    assert errors[1] == "blocks/x.yaml:6:1: unknown key 'extra'"
