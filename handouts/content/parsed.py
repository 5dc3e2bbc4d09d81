"""YAML files already parsed in this process, by their bytes and the name shown for them.

A web app that reloads its folder on every edit parses only the files that changed, and so
does a `check` after a `build` in one process, or a test suite that copies the same folder
many times. The data is never changed once parsed, so one copy can be shared. Only small
files are kept, and only so many: a hostile folder cannot fill the memory through it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from handouts.content.loader import MAX_FILE_VALUES, Budget, SourceFile, parse_yaml
from handouts.errors import ContentError

MAX_KEPT = 512
MAX_KEPT_BYTES = 64_000
"""Each file's size limit for being kept (shipped files are 1-6 KB)."""

_kept: dict[tuple[bytes, str], tuple[SourceFile, tuple[ContentError, ...]]] = {}


def parse_once(
    raw: bytes, path: Path, display: str, budget: Budget | None = None
) -> tuple[SourceFile | None, list[ContentError]]:
    """parse_yaml, or what it gave for these bytes before. Kept only when the file parsed,
    and reused only while the folder's budget allows a whole file (the limit it passed)."""
    small = len(raw) <= MAX_KEPT_BYTES
    kept = _kept.get((raw, display)) if small else None
    if kept is not None and (budget is None or budget.values >= MAX_FILE_VALUES):
        before, problems = kept
        if budget is not None:
            budget.values -= before.values
        return replace(before, path=path), list(problems)
    source, found = parse_yaml(raw, path, display, budget)
    if source is not None and small:
        if len(_kept) >= MAX_KEPT:
            _kept.pop(next(iter(_kept)))
        _kept[raw, display] = (source, tuple(found))
    return source, found


def forget_all() -> None:
    """Drop every kept file (bench/bench.py times a first load this way)."""
    _kept.clear()
