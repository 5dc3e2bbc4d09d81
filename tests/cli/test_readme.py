"""The README's two commands are the ones that really work, and CI runs the test one."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n([^\n]*python3 -m venv[^\n]*)\n```", readme)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    build, test = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci
    assert build.endswith("handouts build")


def test_readme_picture_exists() -> None:
    assert (ROOT / "docs" / "page-1.png").stat().st_size > 10_000
