"""Builds that are killed, or that run at the same time, never leave a broken out/ folder.

Both run the real console script, with a process pool (--jobs 2), on the shipped catalog.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import SHIPPED_CONTENT

SCRIPT = str(Path(sys.executable).parent / "handouts")


def _build(out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [SCRIPT, "build", "--content", str(SHIPPED_CONTENT), "--out", str(out), "--jobs", "2",
         "--quiet", *extra],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill reaches the workers too
        env={**os.environ, "CI": "true"},
    )  # fmt: skip


def _assert_consistent(out: Path, *, killed: bool = False) -> None:
    """Every PDF whole; every manifest entry true; no temporary file, except, after a kill,
    the hidden staged files of the dead build (the next build clears them)."""
    parts = [p.name for p in out.glob(".*.part")]
    if killed:
        pids = {int(name.rsplit(".", 3)[-3]) for name in parts}
        deadline = time.monotonic() + 10  # killed workers are reaped a moment after the main
        while pids and time.monotonic() < deadline:
            pids = {pid for pid in pids if Path(f"/proc/{pid}").exists()}
            time.sleep(0.05)
        assert not pids, "staged files of a process still running"
    else:
        assert not parts
    for pdf in out.glob("*.pdf"):
        data = pdf.read_bytes()
        assert data.rstrip().endswith(b"%%EOF"), pdf.name
        assert len(PdfReader(pdf).pages) >= 1
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        files = json.loads(manifest_path.read_text())["files"]
        for name, entry in files.items():
            data = (out / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
            assert len(data) == entry["bytes"], name


def test_a_build_killed_at_random_moments_leaves_whole_files_and_a_true_manifest(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    chance = random.Random(20261121)
    for attempt in range(3):
        process = _build(out, "--force")
        time.sleep(chance.uniform(0.2, 1.2))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        _assert_consistent(out, killed=True)
        del attempt
    finished = _build(out)  # the next build finishes the job
    assert finished.wait(timeout=120) == 0, finished.stderr.read() if finished.stderr else ""
    _assert_consistent(out)
    assert len(json.loads((out / "manifest.json").read_text())["files"]) == 20


def test_two_builds_into_the_same_folder_at_once_both_succeed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, second = _build(out, "--force"), _build(out, "--force")
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    assert second.wait(timeout=120) == 0, second.stderr.read() if second.stderr else ""
    _assert_consistent(out)
    assert len(list(out.glob("*.pdf"))) == 20
    assert (out / "index.html").read_text().count(".pdf") >= 20


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
def test_on_linux_a_pdf_gets_a_name_only_when_it_is_complete(tmp_path: Path) -> None:
    """The unnamed-file path (O_TMPFILE, then linked) really runs: it once always fell back to a
    named .part file, which a kill mid-write left behind."""
    from handouts.publish.atomic import _write_unnamed, write_atomic

    assert _write_unnamed(tmp_path, tmp_path / ".whole.part", b"%PDF whole")
    assert (tmp_path / ".whole.part").read_bytes() == b"%PDF whole"
    write_atomic(tmp_path / "x.pdf", b"%PDF new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".whole.part", "x.pdf"]


def test_any_catalog_build_clears_dead_builds_temporary_files(tmp_path: Path) -> None:
    """Even a build with nothing to do: a killed build's leftovers do not wait for a change."""
    from handouts import Options, build_catalog

    out = tmp_path / "out"
    build_catalog(Options(content=SHIPPED_CONTENT, out=out, conditions=("migraine",)))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a process id that no longer runs
    leftovers = [out / f".migraine.pdf.{dead.pid}.0a1b2c3d.part",
                 out / ".thumbs" / f".migraine.pdf.jpg.{dead.pid}.0a1b2c3d.part"]  # fmt: skip
    alive = out / f".migraine-es.pdf.{os.getpid()}.0a1b2c3d.part"  # a build still running
    for path in [*leftovers, alive]:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"%PDF half")
    result = build_catalog(Options(content=SHIPPED_CONTENT, out=out, conditions=("migraine",)))
    assert result.written == []  # nothing to rebuild
    assert not any(path.exists() for path in leftovers)
    assert alive.exists()
