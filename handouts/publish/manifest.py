"""out/manifest.json: what each published file is and what it was built from.

It is the catalog's source of truth: what a build made as a generic handout is listed there,
with its sha256, so incremental builds can skip it and the catalog page can describe it. It is
written atomically, and an entry is dropped before its file is replaced and added back after,
so it is true at every instant.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from handouts.publish.atomic import read_regular, write_atomic

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Output:
    """What the manifest records for one file."""

    condition: str
    language: str
    paper: str
    edition: str
    large_print: bool
    pages: int
    bytes: int
    sha256: str
    revision: str
    input_hash: str
    title: str = ""
    keywords: str = ""
    """Title and keywords as in the PDF's metadata, so the catalog page need not reopen it."""
    search: str = ""
    """Every word the handout says, once each, for the catalog page's search ("ice" finds
    the aftercare sheet): from the parts' own text (handouts/parts/)."""
    draft: str = ""
    """The words its footer prints, in its language, while any of its text awaits a clinician's
    sign-off ("Draft: not yet reviewed by a clinician"); empty once all of it is signed."""
    warnings: str = ""
    """The build's warnings about its pages (render/pagefill.py), one a line, said again when
    a later build skips the file as unchanged. Generic files only: no patient data."""


MAX_MANIFEST_BYTES = 50_000_000
"""A manifest is about 1.5 KB a file: 50 MB is tens of thousands of files."""
MAX_FILE_BYTES = 50_000_000
"""The largest output file we hash: a handout is well under 1 MB."""
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.pdf")
"""What our own file names look like; anything else in a manifest was not written by us."""


def read_manifest(out: Path, name: str = MANIFEST) -> dict[str, dict[str, Any]]:
    """The manifest's entries that have every field of the right type. A damaged manifest, or
    an entry edited by hand, only costs rebuilding the files it describes."""
    data = read_regular(out / name, MAX_MANIFEST_BYTES)
    if data is None:
        return {}
    try:
        files = json.loads(data.decode("utf-8"))["files"]
        return {name: entry for name, entry in files.items() if _is_entry(name, entry)}
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return {}


def read_published(out: Path) -> dict[str, dict[str, Any]]:
    """Every generic file the folder's manifests record: manifest.json and, in a folder joined
    from a CI matrix, each shard's manifest-K-of-N.json. The catalog lists these and only these."""
    entries: dict[str, dict[str, Any]] = {}
    for shard in sorted(out.glob("manifest-*-of-*.json")):
        entries.update(read_manifest(out, shard.name))
    entries.update(read_manifest(out))
    return entries


OPTIONAL = ("title", "keywords", "search", "draft", "warnings")
_ENTRY_TYPES: dict[str, type | tuple[type, ...]] = {
    field.name: (bool if field.type == "bool" else int if field.type == "int" else str)
    for field in fields(Output)
}


def _is_entry(name: Any, entry: Any) -> bool:
    return (
        isinstance(name, str)
        and _NAME.fullmatch(name) is not None
        and isinstance(entry, dict)
        and all(
            isinstance(entry.get(key), kind) and (kind is not int or entry[key] >= 0)
            for key, kind in _ENTRY_TYPES.items()
            if key not in OPTIONAL or key in entry  # older manifests lack them
        )
    )


def update_manifest(
    out: Path, changes: dict[str, dict[str, Any] | None], engine: str, *, create: bool = False
) -> Path:
    """Apply changes (an entry, or None to drop it) to the manifest on disk, under a lock on
    the folder, so two builds into one folder both keep their entries: each reads what the
    other wrote, merges its own, and writes, one at a time. Nothing is written when nothing
    changes, unless `create` asks for a manifest where there is none."""
    path = out / MANIFEST
    out.mkdir(parents=True, exist_ok=True)
    folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        before = read_manifest(out)
        files = dict(before)
        for name, entry in changes.items():
            if entry is None:
                files.pop(name, None)
            else:
                files[name] = entry
        if files == before and (path.exists() or not create):
            return path
        document = {"engine": engine, "files": dict(sorted(files.items()))}
        write_atomic(path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())
    finally:
        os.close(folder)  # closing the descriptor releases the lock
    return path


def sha256_of(path: Path) -> str | None:
    """The sha256 of a regular file we may have written; None for anything else (a folder, a
    link, a FIFO, a file too large to be ours)."""
    data = read_regular(path, MAX_FILE_BYTES)
    return hashlib.sha256(data).hexdigest() if data is not None else None
