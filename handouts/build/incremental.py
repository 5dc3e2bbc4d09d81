"""Incremental builds: what each job was made from, hashed, so an unchanged job whose file still
matches the manifest is skipped.

The input hash covers the engine (its version, its source in every subfolder, and the libraries
that write the PDF), the job's options, and every file it reads: content, images, fonts. For a
clinic's folder that inherits, those are the files it really reads, its own or its base's
(content/inherit.py), so an edit to a base block rebuilds the clinic's handouts that use it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
from collections.abc import Iterable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from handouts.build.plan import Job
from handouts.content.library import Library
from handouts.content.models import Block
from handouts.publish.manifest import sha256_of
from handouts.version import __version__

ENGINE = Path(__file__).resolve().parent.parent
"""The handouts package: every module (and icon) in every subfolder is part of the engine."""


NOT_THE_ENGINE = ("serve/", "console.py", "cli_options.py", "cli_process.py")
"""Clients of the engine, not part of it: a change to the web app or to what the command line
prints cannot change a PDF, so it must not rebuild the catalog."""


@functools.cache
def engine_fingerprint(package: Path = ENGINE) -> str:
    """The version plus a hash of the engine's own source and the libraries that write the PDF.

    The version string alone is not enough: a checkout that changes the layout code without a
    release would keep serving PDFs made by the old code as "unchanged". Hashing about 5,000
    lines costs about 2 ms, once per process, and imports nothing heavy.
    """
    digest = hashlib.sha256(__version__.encode())
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.svg")]):  # icons are drawn
        name = path.relative_to(package).as_posix()
        if name.startswith(NOT_THE_ENGINE):
            continue
        digest.update(name.encode() + b"\0" + path.read_bytes())
    for library in ("reportlab", "pypdf"):
        spec = importlib.util.find_spec(library)
        if spec is None or not spec.origin:
            continue
        for name in ("__init__.py", "_version.py"):  # where each keeps its version string
            version_file = Path(spec.origin).parent / name
            if version_file.is_file():
                digest.update(library.encode() + b"\0" + version_file.read_bytes())
    return f"handouts {__version__} ({digest.hexdigest()[:16]})"


class InputHasher:
    """Hashes the files a job reads; each file is read and hashed once per build."""

    def __init__(self, library: Library):
        self.library = library
        self._files: dict[Path, str] = {}

    def _file(self, path: Path) -> str:
        if path not in self._files:
            self._files[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._files[path]

    def files_for(self, slug: str, lang: str) -> list[Path]:
        library = self.library
        root = library.root
        paths = [root / "brand.yaml", *library.font.files]
        settings = library.find("settings.yaml")
        paths += [p for p in (settings, root / f"brand.{lang}.yaml") if p.is_file()]
        if library.logo is not None:
            paths.append(library.logo)
        condition = library.conditions_by_lang[lang][slug]
        paths.append(library.condition_files[lang, slug].path)
        for entry in condition.blocks:
            block = entry if isinstance(entry, Block) else library.blocks_by_lang[lang][entry]
            if not isinstance(entry, Block):
                paths.append(library.block_files[lang, entry].path)
            paths += [library.find(name).resolve() for part in block.body for name in part.files()]
        return paths

    def job_hash(self, job: Job) -> str:
        digest = hashlib.sha256()
        options = {k: v for k, v in asdict(job).items() if k not in ("input_hash",)}
        digest.update(json.dumps([engine_fingerprint(), options], sort_keys=True).encode())
        for path in self.files_for(job.slug, job.lang):
            digest.update(path.name.encode() + b"\0" + self._file(path).encode())
        return digest.hexdigest()


def is_current(job: Job, out: Path, manifest: dict[str, dict[str, Any]]) -> bool:
    entry = manifest.get(job.name)
    return (
        entry is not None
        and entry.get("input_hash") == job.input_hash
        and sha256_of(out / job.name) == entry.get("sha256")
    )


def with_hashes(jobs: Iterable[Job], library: Library) -> list[Job]:
    hasher = InputHasher(library)
    return [replace(job, input_hash=hasher.job_hash(job)) for job in jobs]
