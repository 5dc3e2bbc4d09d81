"""Errors as values with a location, so every content problem can be shown at once."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in the content, pinned to a file position (1-based line and column)."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ProblemAtKey(ValueError):
    """A validator's complaint about one key of the mapping it checks: the message is located
    at that key's line (content/locate.py), not where the mapping starts."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


class ProblemInText(ValueError):
    """A validator's complaint about one place in a text (a stray '**', a pasted tag): the
    message is located at that character of the file (content/locate.py), not where the text
    starts. `offset` is in `text`, the value as the validator saw it; None if nowhere."""

    def __init__(self, text: str, offset: int | None, message: str):
        super().__init__(message)
        self.text, self.offset = text, offset


class HandoutsError(Exception):
    """A user-facing failure: the CLI prints it and exits 1, without a traceback."""


class ContentErrors(HandoutsError):
    """Every content problem found in one pass, raised together."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))

    def __reduce__(self) -> tuple[type[ContentErrors], tuple[list[ContentError]]]:
        return ContentErrors, (self.errors,)  # so a worker process can report them


class Interrupted(HandoutsError):
    """The user stopped a build (Ctrl-C): the message says what was and was not written."""


def display_path(path: Path, root: Path | None = None) -> str:
    """A short path for messages: relative to the working folder when possible."""
    for base in (Path.cwd(), root):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except (ValueError, RuntimeError, OSError):  # elsewhere, or a link that loops
            continue
    return path.as_posix()


def did_you_mean(word: str, choices: Iterable[str], style: str = "aside") -> str:
    """A suggestion when a close match exists, else ''.

    'aside' reads " (did you mean 'x'?)" for content messages; 'clause' reads
    "; did you mean 'x'?" for names typed on the command line.
    """
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not match:
        return ""
    return (
        f"; did you mean '{match[0]}'?" if style == "clause" else f" (did you mean '{match[0]}'?)"
    )


def cannot_write(path: Path, exc: OSError) -> HandoutsError:
    """An output that could not be written, with what to do about it."""
    import errno

    reasons = {
        errno.ENOSPC: "the disk is full; free some space and build again",
        errno.EDQUOT: "the disk quota is full; free some space and build again",
        errno.EACCES: "permission denied; pass --out with a folder you can write to",
        errno.EPERM: "permission denied; pass --out with a folder you can write to",
        errno.EROFS: "the disk is read-only; pass --out with a folder you can write to",
        errno.ENOTDIR: "a file is in the way of the output folder; pass --out with a folder",
        errno.EEXIST: "a file is in the way of the output folder; pass --out with a folder",
        errno.ELOOP: "a link in the path leads back to itself; pass --out with a real folder",
        errno.ENAMETOOLONG: "the name is too long; choose a shorter one",
        errno.EISDIR: "a folder is in the way; move it or choose another name",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return HandoutsError(f"cannot write {display_path(path)}: {reason}")


def check_output_folder(folder: Path) -> None:
    """Fail before any work if the output folder cannot be made or written to. Creates
    nothing: a build that fails later leaves no empty folder behind."""
    import errno
    import os
    import tempfile

    existing = folder
    try:
        while existing.parent != existing:
            try:
                os.stat(existing)  # unlike Path.exists(), says when a link loops
                break
            except FileNotFoundError:
                existing = existing.parent
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder")
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".probe-", suffix=".part"):
            pass
    except OSError as exc:
        raise cannot_write(folder, exc) from None
