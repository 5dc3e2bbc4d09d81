"""What Python users expect of a command: --version, shell completion, a reader that leaves
early (`| head -1`), the paths a progress bar would hide on a terminal, and `check`'s findings
for CI (GitHub annotations, JSON). What the process does (pipes, terminals, exit codes,
completion through the console script) runs the real console script; what the app prints
(completion lists, check's formats) runs the app in this process, to keep the suite fast."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli import app
from handouts.console import github_annotations
from handouts.errors import ContentError
from handouts.version import __version__
from tests.clirunner import CliRunner
from tests.conftest import FIXTURES, ROOT, SHIPPED_CONTENT, TESTS

SCRIPT = str(Path(sys.executable).parent / "handouts")
ENV = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTHONPATH", "_HANDOUTS_COMPLETE")}


def _run(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCRIPT, *args], cwd=cwd, env={**ENV, **env}, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip


def _in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """The app in this process, in the current folder: for what the app prints; what the
    process around it does (pipes, terminals, exit) is tested through the console script."""
    result = CliRunner().invoke(app, list(args))
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


# ---- --version ------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_name_and_version(flag: str) -> None:
    result = _run(flag)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"handouts {__version__}\n", "")


# ---- shell completion -----------------------------------------------------------------------


def _complete(*words: str, cwd: Path = ROOT) -> list[str]:
    """What bash gets for the last word, through the protocol Typer's bash script uses (the
    same environment variables the script sets), run in this process: what completes is the
    app's, the process around it is tested below."""
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(
            app, [], prog_name="handouts", env={
                "_HANDOUTS_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(["handouts", *words]),
                "COMP_CWORD": str(len(words)),
            },
        )  # fmt: skip
    finally:
        os.chdir(previous)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout.split()


def test_completion_is_offered_for_every_shell() -> None:
    assert "--install-completion" in _run("--help").stdout
    # Typer asks the process's ancestors which shell it runs in (shellingham), so run it under
    # bash ("; true": not exec'd in bash's place); a suite started outside any shell (by init,
    # a scheduler) would see "Shell not supported".
    under_bash = ["bash", "-c", f"'{SCRIPT}' --show-completion; true"]
    script = subprocess.run(
        under_bash, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60, check=False
    ).stdout
    assert "_HANDOUTS_COMPLETE=complete_bash" in script
    real = _run(_HANDOUTS_COMPLETE="complete_bash", COMP_WORDS="handouts build mig", COMP_CWORD="2")
    assert (real.returncode, real.stdout, real.stderr) == (0, "migraine\n", "")


def test_completion_of_names_from_the_content_folder() -> None:
    everything = sorted(p.stem for p in (SHIPPED_CONTENT / "conditions").glob("*.yaml"))
    slugs = [name for name in everything if "." not in name]
    assert _complete("build", "mig") == ["migraine"]
    assert _complete("build", "") == slugs
    assert _complete("packet", "migraine", "") == [s for s in slugs if s != "migraine"]
    assert _complete("build", "--lang", "") == ["en", "es", "all"]
    assert _complete("review", "--lang", "e") == ["en", "es"]
    assert _complete("packet", "--clinic", "") == ["bourbonnais", "manhattan"]
    assert _complete("build", "--paper", "") == ["letter", "a4", "all"]
    mini = str(FIXTURES / "mini")
    assert _complete("build", "--content", mini, "") == ["neck-pain"]
    assert _complete("build", "--content", mini, "--lang", "") == ["en", "all"]
    assert _complete("build", "--content", mini, "--clinic", "") == ["north", "south"]


def test_completion_in_a_broken_content_folder_offers_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    (content / "brand.yaml").write_text("locations: [unclosed\n")
    (content / "settings.yaml").write_text("- a list, not settings\n")
    os.mkfifo(content / "conditions" / "stuck.yaml")  # reading it would hang the shell
    assert _complete("build", "--clinic", "", cwd=tmp_path) == []
    assert _complete("build", "--lang", "", cwd=tmp_path) == []
    assert _complete("build", "", cwd=tmp_path) == ["neck-pain"]  # the FIFO is passed over
    assert _complete("build", "--content", "nowhere", "") == []
    (content / "conditions" / "neck-pain.yaml").write_text("slug: [\n")
    assert _complete("build", "", cwd=tmp_path) == ["neck-pain"]  # its file name, then


# ---- a reader that leaves early ------------------------------------------------------------


def _closed_pipe(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Standard output is a pipe nobody reads: every write fails with EPIPE."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [SCRIPT, *args], cwd=cwd, env=ENV, stdout=write, stderr=subprocess.PIPE,
            timeout=120, check=False,
        )  # fmt: skip
    finally:
        os.close(write)


def test_head_dash_1_is_not_an_error_four_times_in_a_row() -> None:
    """Before the fix, 17 runs in 20 exited 1: four in a row catch it 999 times in 1,000."""
    for _ in range(4):
        process = subprocess.Popen(
            [SCRIPT, "list"], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline() == b"Conditions:\n"
        process.stdout.close()  # as `head -1` does
        assert process.wait(timeout=60) == 0
        assert process.stderr.read() == b""
        process.stderr.close()


def test_a_closed_pipe_keeps_each_commands_own_outcome(mini: Path, workdir: Path) -> None:
    for args in (["list"], ["check"], ["check", "--format", "json"]):
        result = _closed_pipe(*args, cwd=workdir)
        assert (result.returncode, result.stderr) == (0, b""), args
    # A build carries on to the end: losing the reader must not lose the publishing.
    result = _closed_pipe("build", "neck-pain", "--json", cwd=workdir)
    assert (result.returncode, result.stderr) == (0, b"")
    assert (workdir / "out" / "neck-pain.pdf").is_file()
    assert (workdir / "out" / "manifest.json").is_file()
    # And a content problem still fails, with its message on standard error.
    (mini / "blocks" / "aftercare.yaml").write_text("id: aftercare\nheading: [\n")
    result = _closed_pipe("check", cwd=workdir)
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr and b"aftercare.yaml" in result.stderr


# ---- on a terminal: the paths the progress bar hid -----------------------------------------


def _on_a_terminal(*args: str, cwd: Path) -> str:
    """Runs the console script with a pseudo-terminal as its standard streams, so the
    terminal's code path (the progress bar) runs; returns what the terminal showed."""
    leader, follower = pty.openpty()
    env = {**ENV, "TERM": "xterm-256color", "COLUMNS": "100"}
    process = subprocess.Popen(
        [SCRIPT, *args], cwd=cwd, env=env, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    shown, deadline = b"", time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if not select.select([leader], [], [], 1)[0]:
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every writer to the terminal has gone
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert process.wait(timeout=60) == 0, shown
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode(errors="replace"))


def test_a_physician_sees_where_the_copy_went(mini: Path, workdir: Path) -> None:
    shown = _on_a_terminal("build", "--patient", "Ana Test", cwd=workdir)
    (copy,) = (workdir / "private").glob("neck-pain-personal-*.pdf")
    assert f"wrote private/{copy.name}  (1 page," in shown
    assert "Ana Test" not in shown


def test_a_catalog_build_on_a_terminal_names_its_folder_and_one_file(workdir: Path) -> None:
    shutil.copytree(SHIPPED_CONTENT, workdir / "content")
    one = _on_a_terminal("build", "migraine", "--lang", "en", cwd=workdir)
    assert "wrote out/migraine.pdf  (" in one
    assert "1 handout built in out/." in one
    two = _on_a_terminal("build", "aftercare", cwd=workdir)
    assert "wrote out/aftercare" not in two  # the count and the folder, not a list
    assert "2 handouts built in out/." in two


# ---- check's findings for CI ---------------------------------------------------------------


def _bad_content(workdir: Path) -> Path:
    """mini with three bad cases at once, and a file whose name needs escaping."""
    content = workdir / "content"
    shutil.copytree(FIXTURES / "mini", content)
    for case in ("unknown-key", "wrong-type", "low-contrast"):
        shutil.copytree(
            TESTS / "bad_content" / case, content, dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("expected.txt", "case.py"),
        )  # fmt: skip
    (content / "blocks" / "odd, name: 100%.yaml").write_text("id: odd\nheading: [\n")
    return content


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def _annotation(line: str) -> tuple[str, str]:
    """An annotation as the text format prints the same finding: (level, file:line:col: msg)."""
    match = re.fullmatch(r"::(error|warning) ([^:]*)::(.*)", line)
    assert match, line
    fields = dict(field.split("=", 1) for field in match[2].split(","))
    assert all("%" not in value or re.search("%[0-9A-F]{2}", value) for value in fields.values())
    where = ":".join(_unescape(fields[key]) for key in ("file", "line", "col") if key in fields)
    return match[1], f"{where}: {_unescape(match[3])}"


def test_check_format_github_annotates_every_problem(workdir: Path) -> None:
    _bad_content(workdir)
    text = _in_process("check")
    expected = text.stderr.splitlines()[:-1]  # the last line counts them
    assert text.returncode == 1 and len(expected) >= 7
    assert any("odd, name: 100%.yaml" in line for line in expected)
    github = _in_process("check", "--format", "github")
    assert (github.returncode, github.stderr) == (1, "")
    found = [_annotation(line) for line in github.stdout.splitlines()]
    assert found == [("error", line) for line in expected]
    assert "file=content/blocks/odd%2C name%3A 100%25.yaml,line=3,col=1::YAML " in github.stdout


def test_check_format_github_warns_of_each_text_awaiting_sign_off(
    mini: Path, workdir: Path
) -> None:
    result = _in_process("check", "--format", "github")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::warning file=content/") for line in lines)
    assert any("not yet signed off by a clinician" in line for line in lines)
    strict = _in_process("check", "--strict", "--format", "github")
    assert strict.returncode == 1
    assert strict.stdout.replace("::error ", "::warning ") == result.stdout


def test_github_escaping_follows_the_toolkit() -> None:
    found = ContentError("a,b:c%d\r\n.yaml", 3, 5, "50% done: a, b\r\nnext")
    assert github_annotations([found], []) == (
        "::error file=a%2Cb%3Ac%25d%0D%0A.yaml,line=3,col=5::50%25 done: a, b%0D%0Anext"
    )
    unplaced = ContentError("content/brand.yaml", 0, 0, "brand file not found")
    assert github_annotations([], [unplaced]) == (
        "::warning file=content/brand.yaml::brand file not found"
    )


def test_check_format_json_is_one_document(workdir: Path) -> None:
    _bad_content(workdir)
    text = _in_process("check").stderr.splitlines()[:-1]
    result = _in_process("check", "--format", "json")
    assert (result.returncode, result.stderr) == (1, "")
    document = json.loads(result.stdout)
    assert document["ok"] is False and document["warnings"] == []
    problems = document["problems"]
    assert {tuple(p) for p in problems} == {("file", "line", "column", "message", "severity")}
    assert {p["severity"] for p in problems} == {"error"}
    assert [f"{p['file']}:{p['line']}:{p['column']}: {p['message']}" for p in problems] == text


def test_check_format_json_on_good_content_and_on_no_content(mini: Path, workdir: Path) -> None:
    good = json.loads(_in_process("check", "--format", "json").stdout)
    assert good["ok"] is True and good["problems"] == [] and good["warnings"]
    assert {w["severity"] for w in good["warnings"]} == {"warning"}
    assert all(w["file"].startswith("content/") and w["line"] > 0 for w in good["warnings"])
    missing = _in_process("check", "--content", "nowhere", "--format", "json")
    assert missing.returncode == 1
    assert json.loads(missing.stdout)["problems"] == [
        {
            "file": None, "line": None, "column": None, "severity": "error",
            "message": "content folder 'nowhere' not found; pass --content DIR",
        }
    ]  # fmt: skip
