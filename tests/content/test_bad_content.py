"""The hostile-input corpus: every folder under bad_content/ is one case.

A case's files replace or add files in a copy of fixtures/mini. expected.txt holds the exact
lines the user must see. An optional case.py can:
- `prepare(content, out)`: make what cannot sit in git (a 10 MB file, a symlink, random bytes);
- `ARGS`: extra options for `handouts build` (an output path that is a file);
- `patch(monkeypatch)`: simulate what a test cannot cause for real (a full disk), in-process
  only (`IN_PROCESS_ONLY = True`);
- `NEVER_SHOWN`: text that must not appear in any output (a foreign file's contents).

Every case must exit 1 with its messages, print no traceback and nothing on stdout, write
nothing, and leave the previous good PDF untouched, within 5 s and 300 MB. All run in one
fresh process, one after another (the pass lists every case that goes wrong); the two nastiest
also through the real console script. Add a case here for every bug a user reports.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import FIXTURES, ROOT, TESTS

CASES = sorted(p for p in (TESTS / "bad_content").iterdir() if p.is_dir())
PREVIOUS = b"%PDF-1.4 previous good build\n"
MAX_SECONDS = 5.0
MAX_MB = 300
SCRIPT = Path(sys.executable).parent / "handouts"


def _code(case: Path) -> str:
    path = case / "case.py"
    return path.read_text() if path.exists() else ""


def _about_output(case: Path) -> bool:
    """Cases about the output folder; `check` writes nothing, so it has nothing to refuse."""
    code = _code(case)
    return "ARGS" in code or "def patch" in code or "ABOUT_OUTPUT" in code


def _module(case: Path) -> ModuleType | None:
    path = case / "case.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"bad_case_{case.name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _set_up(case: Path, workdir: Path) -> tuple[list[str], list[str], ModuleType | None]:
    """The case's content in workdir/content and a previous good build in workdir/out.
    Returns the expected lines and the build's extra arguments."""
    content = workdir / "content"
    if not content.exists():
        shutil.copytree(FIXTURES / "mini", content)
    shutil.copytree(
        case, content, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt", "case.py")
    )
    out = workdir / "out"
    out.mkdir()
    (out / "neck-pain.pdf").write_bytes(PREVIOUS)
    module = _module(case)
    if module is not None and hasattr(module, "prepare"):
        module.prepare(content, out)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return expected, list(getattr(module, "ARGS", [])), module


def _snapshot(workdir: Path) -> dict[str, bytes]:
    out = workdir / "out"
    return {str(p.relative_to(workdir)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


IN_PROCESS = [case for case in CASES if "IN_PROCESS_ONLY" in _code(case)]


def _problems_with(case: Path, run: dict, expected: list[str], never_shown: list[str]) -> list[str]:
    """What is wrong with one case's `build` (and `check`) as a user saw them; [] when right.
    `build` must refuse with the expected lines and change nothing; `check`, on the same folder,
    must report the same problems (except for cases about the output folder, which `check`
    never writes to)."""
    name, build = case.name, run["build"]
    found = []
    errors = build["stderr"].splitlines()
    if build["code"] != 1:
        found.append(f"{name}: build exited {build['code']}:\n{build['stderr']}")
    found += [f"{name}: expected {line!r} in:\n{build['stderr']}" for line in expected
              if line not in errors]  # fmt: skip
    if "Traceback" in build["stdout"] + build["stderr"]:
        found.append(f"{name}: a traceback:\n{build['stderr']}")
    if any(text in build["stdout"] + build["stderr"] for text in never_shown):
        found.append(f"{name}: shows what it must never show")
    if build["stdout"]:
        found.append(f"{name}: printed on standard output: {build['stdout'][:200]!r}")
    if not build["untouched"]:
        found.append(f"{name}: the output folder changed (a partial PDF, or the previous one)")
    if build["seconds"] >= MAX_SECONDS:
        found.append(f"{name}: took {build['seconds']:.1f} s")
    check = run.get("check")
    if check is None:
        return found
    if check["code"] != 1:
        found.append(f"{name}: check exited {check['code']}")
    found += [f"{name}: check: expected {line!r}" for line in expected
              if line not in check["stderr"].splitlines()]  # fmt: skip
    if any(text in check["stdout"] + check["stderr"] for text in never_shown):
        found.append(f"{name}: check shows what it must never show")
    if not check["stderr"].rstrip().endswith("found; nothing was written."):
        found.append(f"{name}: check does not end with its count: {check['stderr'][-200:]!r}")
    return found


PASS = """
import json, os, sys, time, traceback
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.clirunner import CliRunner
from cli import app
from tests.content.test_bad_content import CASES, _about_output, _code, _set_up, _snapshot

def run(args):
    start = time.perf_counter()
    result = CliRunner().invoke(app, args)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return {{"code": result.exit_code, "stdout": result.stdout, "stderr": stderr,
             "seconds": time.perf_counter() - start}}

for case in CASES:
    if "IN_PROCESS_ONLY" in _code(case):
        continue
    work = Path({tmp!r}) / case.name
    work.mkdir()
    os.chdir(work)
    _, args, _ = _set_up(case, work)
    before = _snapshot(work)
    build = run(["build", "--out", "out", *args])
    build["untouched"] = _snapshot(work) == before and not list((work / "out").glob(".*.part"))
    record = {{"case": case.name, "build": build}}
    if not _about_output(case):
        record["check"] = run(["check"])
    print(json.dumps(record), flush=True)
"""

# Measured from a small process in between: on Linux a child's peak memory starts at its
# parent's size (it survives fork and exec), and the pytest worker is large.
LAUNCHER = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", sys.argv[1]], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
print("peak", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
sys.exit(done.returncode)
"""


def test_every_case_is_refused_with_its_messages_within_5_seconds_and_300_mb(
    tmp_path: Path,
) -> None:
    """Every case but the in-process ones, one after another in one fresh process (one pass,
    so the suite stays fast): `build` then `check`, each case timed on its own, the process's
    peak memory bounding every case's. Every case that goes wrong is listed, not only the first."""
    script = PASS.format(root=str(ROOT), tmp=str(tmp_path))
    measured = subprocess.run(
        [sys.executable, "-c", LAUNCHER, script], capture_output=True, text=True, timeout=300
    )
    assert measured.returncode == 0, measured.stderr
    *lines, peak = measured.stdout.splitlines()
    runs = {record["case"]: record for record in map(json.loads, lines)}
    assert sorted(runs) == sorted(case.name for case in CASES if case not in IN_PROCESS)
    problems = []
    for case in CASES:
        if case.name in runs:
            expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
            never_shown = getattr(_module(case), "NEVER_SHOWN", [])
            problems += _problems_with(case, runs[case.name], expected, never_shown)
    assert not problems, "\n\n".join(problems)
    assert float(peak.split()[1]) < MAX_MB, peak


@pytest.mark.parametrize("case", IN_PROCESS, ids=lambda p: p.name)
def test_cases_that_patch_the_process(case: Path, cli, workdir: Path, monkeypatch) -> None:
    """What a test cannot cause for real (a full disk) is simulated in this process."""
    expected, args, module = _set_up(case, workdir)
    assert module is not None
    module.patch(monkeypatch)
    before = _snapshot(workdir)
    start = time.perf_counter()
    result = cli("build", "--out", "out", *args)
    seconds = time.perf_counter() - start
    build = {"code": result.exit_code, "stdout": result.stdout, "stderr": result.stderr,
             "seconds": seconds, "untouched": _snapshot(workdir) == before
             and not list((workdir / "out").glob(".*.part"))}  # fmt: skip
    run: dict = {"build": build}
    if not _about_output(case):
        checked = cli("check")
        run["check"] = {"code": checked.exit_code, "stdout": checked.stdout,
                        "stderr": checked.stderr}  # fmt: skip
    assert not _problems_with(case, run, expected, getattr(module, "NEVER_SHOWN", []))


# Through the real console script, one fresh process each: the two whose failure would be in C
# (deep nesting once segfaulted libyaml) or a runaway expansion.
NASTIEST = ["deep-nesting", "alias-bomb"]


@pytest.mark.parametrize("name", NASTIEST)
def test_the_nastiest_cases_through_the_real_console_script(name: str, tmp_path: Path) -> None:
    """A fresh process per case: a crash in C (deep nesting once segfaulted libyaml) or a
    runaway allocation would show here, not be hidden by the test process."""
    case = TESTS / "bad_content" / name
    expected, args, _ = _set_up(case, tmp_path)
    before = _snapshot(tmp_path)
    script = f"""
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run({[str(SCRIPT), "build", "--out", "out", *args]!r},
                      stdin=subprocess.DEVNULL, capture_output=True, text=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
sys.stderr.write(done.stderr)
print(done.returncode, wall, peak)
"""
    measured = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    code, wall, peak = measured.stdout.split()
    assert int(code) == 1, measured.stderr
    assert expected[0] in measured.stderr.splitlines()
    assert "Traceback" not in measured.stderr
    assert float(wall) < MAX_SECONDS and float(peak) < MAX_MB, (wall, peak)
    assert _snapshot(tmp_path) == before
