"""The hostile-input corpus, measured: every case in tests/bad_content/ through `handouts build`,
one after another in one fresh process (as the test does), each case's time, and the peak
memory of the process, read from a small process in between (on Linux a child's peak starts at
its parent's size).

    .venv/bin/python bench/corpus.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUN = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from typer.testing import CliRunner
from cli import app
from tests.content.test_bad_content import CASES, _code, _set_up
runner = CliRunner()
for case in CASES:
    if "IN_PROCESS_ONLY" in _code(case):
        continue
    work = Path({tmp!r}) / case.name
    work.mkdir()
    os.chdir(work)
    _, args, _ = _set_up(case, work)
    start = time.perf_counter()
    result = runner.invoke(app, ["build", "--out", "out", *args])
    print(case.name, result.exit_code, f"{{time.perf_counter() - start:.3f}}")
"""

LAUNCH = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", {run!r}], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr[-2000:])
print("peak", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run = RUN.format(root=str(ROOT), tmp=tmp)
        done = subprocess.run(
            [sys.executable, "-c", LAUNCH.format(run=run)], capture_output=True, text=True
        )
    *cases, peak = done.stdout.splitlines()
    times = sorted(((float(t), name, code) for name, code, t in (c.split() for c in cases)))
    refused = sum(code == "1" for _, _, code in times)
    print(f"cases: {len(times)} run in one process ({refused} refused with exit 1)")
    print(f"total: {sum(t for t, _, _ in times):.1f} s")
    for seconds, name, _ in times[-5:][::-1]:
        print(f"  slowest: {name} {seconds:.2f} s")
    print(f"peak memory of the process: {float(peak.split()[1]):.0f} MB")


if __name__ == "__main__":
    main()
