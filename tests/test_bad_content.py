"""Data-driven bad content: each folder under bad_content/ overlays the mini fixture.

A case's files replace or add files in a copy of fixtures/mini; expected.txt holds lines that
must each appear in the output. Every case must exit 1, print no traceback, write nothing,
and leave the previous good PDF untouched. Add a case here for every bug a user reports.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CASES = sorted(p for p in (Path(__file__).parent / "bad_content").iterdir() if p.is_dir())
PREVIOUS = b"%PDF-1.4 previous good build\n"


def _apply(case: Path, content: Path) -> list[str]:
    shutil.copytree(
        case, content, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt")
    )
    (content / "expected.txt").unlink(missing_ok=True)
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_build_refuses_bad_content(case: Path, mini: Path, cli, workdir: Path) -> None:
    expected = _apply(case, mini)
    out = workdir / "out"
    out.mkdir()
    previous = out / "neck-pain.pdf"
    previous.write_bytes(PREVIOUS)

    result = cli("build", "--out", "out")

    assert result.exit_code == 1, result.output
    errors = result.stderr.splitlines()
    for line in expected:
        assert line in errors, f"expected {line!r} in:\n{result.stderr}"
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert previous.read_bytes() == PREVIOUS
    assert [p.name for p in out.iterdir()] == ["neck-pain.pdf"]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_check_reports_the_same_problems(case: Path, mini: Path, cli) -> None:
    expected = _apply(case, mini)
    result = cli("check")
    assert result.exit_code == 1
    for line in expected:
        assert line in result.stderr.splitlines()
    assert result.stderr.rstrip().endswith("found; nothing was written.")


def test_problems_in_several_files_are_reported_together(mini: Path, cli) -> None:
    block = mini / "blocks" / "aftercare.yaml"
    block.write_text(block.read_text().replace("heading:", "headng:"))
    condition = mini / "conditions" / "neck-pain.yaml"
    condition.write_text(condition.read_text().replace("- contact-us", "- contact-as"))
    result = cli("check")
    assert result.exit_code == 1
    assert "unknown key 'headng'" in result.stderr
    assert "unknown block 'contact-as' (did you mean 'contact-us'?)" in result.stderr
    assert "3 problems found" in result.stderr  # the missing 'heading' too
