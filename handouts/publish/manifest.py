"""out/manifest.json: what each published file is and what it was built from.

It is the catalog's source of truth: what a build made as a generic handout is listed there,
with its sha256, so incremental builds can skip it and the catalog page can describe it. It is
written atomically, and an entry is dropped before its file is replaced and added back after,
so it is true at every instant.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

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


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The manifest's entries that have every field of the right type. A damaged manifest, or
    an entry edited by hand, only costs rebuilding the files it describes."""
    path = out / MANIFEST
    if not path.is_file():
        return {}
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
        return {name: entry for name, entry in files.items() if _is_entry(name, entry)}
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        return {}


OPTIONAL = ("title", "keywords", "search")
_ENTRY_TYPES: dict[str, type | tuple[type, ...]] = {
    field.name: (bool if field.type == "bool" else int if field.type == "int" else str)
    for field in fields(Output)
}


def _is_entry(name: Any, entry: Any) -> bool:
    return (
        isinstance(name, str)
        and isinstance(entry, dict)
        and all(
            isinstance(entry.get(key), kind) and (kind is not int or entry[key] >= 0)
            for key, kind in _ENTRY_TYPES.items()
            if key not in OPTIONAL or key in entry  # older manifests lack them
        )
    )


def write_manifest(out: Path, files: dict[str, dict[str, Any]], engine: str) -> Path:
    """Write the manifest atomically; `engine` names the engine that built the files."""
    from handouts.publish.atomic import write_atomic

    document = {"engine": engine, "files": dict(sorted(files.items()))}
    path = out / MANIFEST
    write_atomic(path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())
    return path


def sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
