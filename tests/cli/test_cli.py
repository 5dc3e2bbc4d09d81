"""The command line as people use it: exit codes, messages, and the real console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, SHIPPED_CONTENT


def test_build_prints_each_file_and_builds_everything_by_default(
    shipped: Path, cli, workdir: Path
) -> None:
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert "wrote out/migraine.pdf" in result.stdout
    assert "wrote out/tension-headache-es.pdf" in result.stdout
    names = sorted(p.name for p in (workdir / "out").glob("*.pdf"))
    assert len(names) == 20
    assert "wrote out/index.html  (catalog page)" in result.stdout
    assert {"migraine.pdf", "migraine-es.pdf", "aftercare.pdf", "treatment-areas-es.pdf"} <= set(
        names
    )
    assert result.stdout.rstrip().endswith("20 handouts built in out/.")


def test_build_one_condition_into_a_chosen_folder(shipped: Path, cli, workdir: Path) -> None:
    result = cli(
        "build", "migraine", "--out", "pdfs", "--paper", "a4", "--clinic", "bourbonnais",
        "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [p.name for p in (workdir / "pdfs").glob("*.pdf")] == ["migraine-bourbonnais-a4.pdf"]


def test_unknown_condition_suggests_the_nearest(shipped: Path, cli, workdir: Path) -> None:
    result = cli("build", "migrane")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: unknown condition 'migrane'; did you mean 'migraine'?"
    assert not (workdir / "out").exists()


def test_unknown_clinic_lists_the_choices(shipped: Path, cli) -> None:
    result = cli("build", "--clinic", "manhatan")
    assert result.exit_code == 1
    assert "unknown clinic 'manhatan'; did you mean 'manhattan'?" in result.stderr
    assert "(the clinics are: bourbonnais, manhattan)" in result.stderr


def test_usage_errors_exit_2(shipped: Path, cli) -> None:
    assert cli("build", "--paper", "legal").exit_code == 2
    assert cli("build", "--colour", "red").exit_code == 2
    assert cli("frobnicate").exit_code == 2


def test_missing_content_folder_is_a_message_not_a_traceback(workdir: Path, cli) -> None:
    result = cli("check", "--content", "nowhere")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: content folder 'nowhere' not found; pass --content DIR"


def test_an_output_path_that_is_a_file_is_a_clear_error(shipped: Path, cli, workdir: Path) -> None:
    (workdir / "out").write_text("not a folder")
    result = cli("build", "migraine")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: cannot write out: a file is in the way of the output folder; "
        "pass --out with a folder\n"
    )
    assert (workdir / "out").read_text() == "not a folder"


def test_list_shows_conditions_blocks_and_clinics(shipped: Path, cli) -> None:
    result = cli("list")
    assert result.exit_code == 0
    assert "migraine" in result.stdout and "Trigger point injections for migraine" in result.stdout
    assert "trigger-points" in result.stdout and "(used by 6)" in result.stdout
    assert "manhattan" in result.stdout and "815 802-0077" in result.stdout


def test_check_passes_on_the_shipped_content(shipped: Path, cli) -> None:
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert "ok: 10 handouts in 2 languages" in result.stdout


def _console_script() -> str:
    script = Path(sys.executable).parent / "handouts"
    return str(script) if script.exists() else shutil.which("handouts") or "handouts"


def test_installed_console_script_end_to_end(tmp_path: Path, catalog: Path) -> None:
    """The real entry point, in a subprocess, from a folder that is not the checkout."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [_console_script(), "build", "migraine", "treatment-areas", "--content",
         str(SHIPPED_CONTENT), "--out", "x"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "wrote x/migraine.pdf" in result.stdout
    reader = PdfReader(tmp_path / "x" / "migraine.pdf")
    assert reader.metadata.title == "Trigger point injections for migraine"
    # The same bytes as a build run from the checkout: nothing depends on the working folder
    # (svglib once looked for the diagram's font file there and used DejaVu Sans elsewhere).
    for name in ("migraine.pdf", "treatment-areas.pdf", "treatment-areas-es.pdf"):
        assert (tmp_path / "x" / name).read_bytes() == (catalog / name).read_bytes(), name

    bad = subprocess.run(
        [_console_script(), "build", "migrane", "--content", str(SHIPPED_CONTENT)],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "did you mean 'migraine'?" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_python_cli_py_behaves_like_the_installed_command(tmp_path: Path) -> None:
    help_text = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "--help"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    installed = subprocess.run(
        [_console_script(), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert help_text == installed
    for command in ("build", "check", "list"):
        assert command in help_text


COMPLETE = {"_HANDOUTS_COMPLETE": "complete_bash"}


@pytest.mark.parametrize(
    ("command", "env"),
    [
        (["--help"], {}),
        (["list"], {}),
        (["--version"], {}),
        ([], {**COMPLETE, "COMP_WORDS": "handouts build mig", "COMP_CWORD": "2"}),
        ([], {**COMPLETE, "COMP_WORDS": "handouts build --clinic ", "COMP_CWORD": "3"}),
        ([], {**COMPLETE, "COMP_WORDS": "handouts packet --lang ", "COMP_CWORD": "3"}),
    ],
    ids=["help", "list", "version", "complete-condition", "complete-clinic", "complete-lang"],
)
def test_help_list_version_and_completion_do_not_import_reportlab(
    command: list[str], env: dict[str, str]
) -> None:
    """They must start fast: ReportLab is imported only when something is laid out."""
    code = (
        "import sys\n"
        f"sys.argv = ['handouts', *{command!r}]\n"
        "from cli import app\n"
        "try:\n    app(prog_name='handouts')\nexcept SystemExit:\n    pass\n"
        "print('REPORTLAB', any(m.startswith('reportlab') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "REPORTLAB False" in result.stdout, result.stdout[-500:] + result.stderr[-500:]
    if env:  # the completion itself ran, and found the name
        assert result.stdout.split()[0] in {"migraine", "bourbonnais", "en"}
