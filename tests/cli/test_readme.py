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
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (picture,) = re.findall(r"!\[[^]]+\]\(([^)]+\.png)\)", readme)
    assert (ROOT / picture).stat().st_size > 10_000


def test_the_readmes_python_example_runs(shipped, workdir) -> None:
    """The example is what a developer copies first: it must work as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    names: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), names)
    assert names["pdf"].pages == 2  # type: ignore[attr-defined]
    assert names["locked"][:5] == b"%PDF-"  # type: ignore[index]
    assert sorted(p.name for p in (workdir / "out").glob("*.pdf")) == [
        "migraine-es.pdf",
        "migraine.pdf",
    ]
