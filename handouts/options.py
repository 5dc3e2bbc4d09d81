"""What a build can be asked for, with the defaults the command line and the Python API share.

`DEFAULT_OPTIONS` is the one place a default is set: the CLI's options take theirs from it, and
`build_catalog(Options(...))` with any field left out behaves exactly like the command with
that option left out (WeasyPrint's DEFAULT_OPTIONS is the model).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from handouts.content.personal import Personal
from handouts.errors import HandoutsError

ALL = "all"
MIN_PASSWORD = 8


@dataclass(frozen=True)
class Options:
    """Everything a build, a packet or a personalised copy can be asked for."""

    content: Path = Path("content")
    """The content folder: settings.yaml, brand.yaml, blocks/, conditions/."""
    out: Path = Path("out")
    """The folder the catalog's PDFs, index.html and manifest.json are written to."""
    conditions: tuple[str, ...] = ()
    """Condition slugs, in order; empty means all of them (a packet needs at least one)."""
    clinic: str | None = None
    """One location's slug, for a copy that lists only that clinic; None lists them all."""
    paper: str = ALL
    """letter, a4, or 'all': every paper settings.yaml lists (letter unless it lists more).
    A packet has one size: 'all' gives it the first one listed."""
    lang: str = ALL
    """A language code from settings.yaml, or 'all'. A packet has one language: 'all' gives
    it the base language (the first one listed)."""
    jobs: int | None = None
    """Worker processes; None: one per CPU. More than one renders in parallel."""
    force: bool = False
    """Rebuild even what the manifest shows as unchanged."""
    shard: tuple[int, int] | None = None
    """(K, N): build only the K-th of N stable parts of the catalog."""
    large_print: bool = False
    """18 pt body for readers with low vision; files end in -large."""
    personal: Personal | None = None
    """A personalised copy: files end in -personal and never carry the patient's name."""
    password: str | None = None
    """Encrypt each PDF with this open password (AES-256)."""
    private: Path | None = None
    """Where personal and encrypted copies go; None: a folder named 'private' beside `out`.
    Never `out` itself: the catalog folder is published, a patient's copy never is."""
    output: Path | None = None
    """One document's file (-o), or '-' for standard output, instead of the private folder."""

    def __post_init__(self) -> None:
        # Python callers pass strings for paths and lists for the slugs: accept both.
        for name in ("content", "out", "private", "output"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(os.fspath(value)))
        if not isinstance(self.conditions, tuple):
            object.__setattr__(self, "conditions", tuple(self.conditions))

    @property
    def private_folder(self) -> Path:
        return self.private if self.private is not None else self.out.parent / "private"

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs is not None else default_workers()


DEFAULT_OPTIONS = Options()


def default_workers() -> int:
    """The CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parse_shard(text: str) -> tuple[int, int]:
    """'2/3' -> (2, 3); K counts from 1."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise HandoutsError(f"--shard takes K/N, e.g. 1/3, not '{text}'") from None
    if not 1 <= k <= n:
        raise HandoutsError(f"--shard {text}: K must be between 1 and N")
    return k, n


def check_password(password: str) -> None:
    """Checked before any work, so a weak password never costs a build."""
    if len(password) < MIN_PASSWORD:
        raise HandoutsError(f"the password must have at least {MIN_PASSWORD} characters")
