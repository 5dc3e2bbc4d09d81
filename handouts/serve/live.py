"""The content as the app serves it: reloaded when a file changes, the last good version kept.

Every request that reads the library first compares the content folder's files' sizes and
modification times with the last look (a directory walk, well under a millisecond for the
shipped folder). Only a change reloads, with every check `handouts check` runs before
rendering. A bad edit leaves the last good library in place and its located problems on the
admin page, never on a patient's print. For a clinic's folder that inherits (brand.yaml's
`inherits:`), its base folder's files are watched too: an edit to a base block reloads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from handouts.content.library import Library
from handouts.content.load import content_base
from handouts.errors import ContentErrors, HandoutsError

log = logging.getLogger("handouts.serve")
MAX_FILES = 5000
"""A content folder is about fifty files; past this the walk stops (and says so)."""

Stamp = tuple[tuple[str, int, int], ...]


def stamp(root: Path) -> Stamp:
    """(relative path, size, mtime in ns) of every file under the folder, sorted."""
    found: list[tuple[str, int, int]] = []
    stack = [root]
    while stack and len(found) < MAX_FILES:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            found.append((str(folder), -1, -1))
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                    continue
                info = entry.stat()
            except OSError:
                continue
            found.append((os.path.relpath(entry.path, root), info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


@dataclass(frozen=True)
class Loaded:
    """One good version of the content."""

    library: Library
    revision: str
    """A short hash of the files' stamp: the key generic PDFs are cached under."""
    at: dt.datetime


class LiveContent:
    def __init__(self, root: Path, load=None):
        from handouts import check_content

        self.root = root
        self.base_folder: Path | None = None
        """The base folder the content folder inherits, as of the last reload."""
        self._load = load or check_content
        self._lock = threading.Lock()
        self._seen: Stamp | None = None
        self.good: Loaded | None = None
        self.problems: list[str] = []
        """The located problems of the newest version, if it is bad (else empty)."""
        self.failure: HandoutsError | None = None
        """What the newest version raised, if it is bad (the CLI prints it at start-up)."""
        self.checked_at: dt.datetime | None = None
        self.listeners: list = []
        """Called with the new Loaded after each successful reload (the caches clear)."""

    def current(self) -> Loaded:
        """The newest good content, reloading first if a file changed since the last look."""
        now = self._stamp()
        if now != self._seen:
            with self._lock:
                if now != self._seen:
                    self._reload(now)
        if self.good is None:
            raise HandoutsError("the content has problems: see the Content status page")
        return self.good

    def _stamp(self) -> Stamp:
        """The content folder's stamp, and its base folder's for a clinic that inherits."""
        now = stamp(self.root)
        if self.base_folder is not None:
            now += tuple((f"base:{name}", size, ns) for name, size, ns in stamp(self.base_folder))
        return now

    def _reload(self, now: Stamp) -> None:
        base_folder = content_base(self.root)[0] if self.root.is_dir() else None
        if base_folder != self.base_folder:  # `inherits:` changed: watch the new base too
            self.base_folder = base_folder
            now = self._stamp()
        self.checked_at = dt.datetime.now().astimezone()
        self.failure = None
        try:
            library = self._load(self.root)
        except ContentErrors as bad:
            self.problems = [str(error) for error in bad.errors] or ["the content has problems"]
            self.failure = bad
        except HandoutsError as bad:
            self.problems = [str(bad)]
            self.failure = bad
        else:
            revision = hashlib.sha256(repr(now).encode()).hexdigest()[:12]
            self.good = Loaded(library, revision, self.checked_at)
            self.problems = []
            log.info("content loaded from %s (revision %s)", self.root, revision)
            for listener in self.listeners:
                listener(self.good)
        self._seen = now
        if self.problems:
            count = len(self.problems)
            kept = "the last good version is still served" if self.good else "nothing to serve"
            log.warning(
                "content has %d problem%s (%s); see the Content status page",
                count, "s" if count != 1 else "", kept,
            )  # fmt: skip
