"""Speed and memory of the handouts pipeline, printed as a table. A script, not a test.

Run from the checkout, after the README's set-up command:

    .venv/bin/python bench/bench.py

Cold figures run the real console script in fresh processes (best of several runs); warm
figures render in this process after one warm-up. The floor is the same handout's text laid out
by a bare ReportLab script (bench/floor.py) with no YAML and no validation.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(Path(sys.executable).parent / "handouts")
sys.path.insert(0, str(ROOT))


def cold(args: list[str], runs: int = 5) -> tuple[float, float, int]:
    """Best wall time, its CPU time, and the peak memory (KB) of a fresh process."""
    best = (float("inf"), 0.0, 0)
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if wall < best[0]:
            best = (wall, cpu, after.ru_maxrss)
    return best


def warm(function, runs: int = 30) -> float:
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from bench.floor import floor_render
    from handouts.document import render_handout
    from handouts.validate import load_library

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as out:
        wall, _, _ = cold([SCRIPT, "--help"])
        rows.append(("cold `handouts --help`", f"{wall * 1000:.0f} ms"))
        wall, _, _ = cold([SCRIPT, "list"])
        rows.append(("cold `handouts list`", f"{wall * 1000:.0f} ms"))
        wall, cpu, rss = cold([SCRIPT, "build", "migraine", "--out", out])
        wall_one, _, _ = cold([SCRIPT, "build", "migraine", "--lang", "en", "--out", out])
        rows.append(("cold `handouts build migraine` (2 files: en, es)", f"{wall * 1000:.0f} ms"))
        rows.append(
            ("cold `handouts build migraine --lang en` (1 file)", f"{wall_one * 1000:.0f} ms")
        )
        wall, _, _ = cold([sys.executable, str(ROOT / "bench" / "floor.py"), out])
        rows.append(("cold floor script (bare ReportLab, 1 handout)", f"{wall * 1000:.0f} ms"))
        wall, cpu, rss = cold([SCRIPT, "build", "--out", out], runs=3)
        rows.append(
            (
                "cold `handouts build` (whole shipped catalog)",
                f"{wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU, peak {rss / 1024:.0f} MB",
            )
        )
        # Last: it loads the pronunciation dictionary; peak memory is the maximum over children.
        wall, _, rss = cold([SCRIPT, "check"], runs=2)
        rows.append(
            (
                "cold `handouts check` (all gates, renders every PDF)",
                f"{wall * 1000:.0f} ms, peak {rss / 1024:.0f} MB",
            )
        )

    library = load_library(ROOT / "content")
    handout = library.handout("migraine")
    pipeline = warm(lambda: render_handout(handout))
    floor = warm(lambda: floor_render(handout))
    editions = [(s, lang) for s in library.conditions for lang in library.languages]
    everything = warm(lambda: [render_handout(library.handout(s, lang=g)) for s, g in editions], 5)
    rows.append(("warm render, one handout (layout + PDF)", f"{pipeline * 1000:.1f} ms"))
    rows.append(("warm floor, same text", f"{floor * 1000:.1f} ms"))
    rows.append(("pipeline / floor", f"{pipeline / floor:.2f}x"))
    load = warm(lambda: load_library(ROOT / "content"), 10)
    rows.append(("load + validate all content", f"{load * 1000:.1f} ms"))
    rows.append(
        (
            f"warm render, whole catalog ({len(editions)} PDFs)",
            f"{everything * 1000:.1f} ms",
        )
    )

    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  result")
    print(f"{'-' * width}  ------")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
