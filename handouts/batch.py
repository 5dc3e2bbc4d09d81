"""Batch builds: which documents to make, what each was made from, and making them in parallel.

A job is one PDF: condition × language × paper × edition. Its input hash covers everything the
PDF is made from (the engine, options, the content files it uses, images, fonts), so an
unchanged job whose output still matches the manifest is skipped. Workers are processes that
load the content and fonts once each, then render many jobs.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from handouts import __version__
from handouts.errors import HandoutsError, cannot_write
from handouts.models import Block, Figure
from handouts.validate import Library, load_library

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Job:
    slug: str
    lang: str
    paper: str
    clinic: str | None
    """None: the edition listing every clinic; a slug: that clinic's own edition."""
    large_print: bool
    name: str
    input_hash: str = ""

    @property
    def edition(self) -> str:
        return self.clinic or "all-clinics"


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


def shard_of(name: str, shards: int) -> int:
    """A stable shard number (0-based) for an output name: the same on every machine."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % shards


def parse_shard(text: str) -> tuple[int, int]:
    """'2/3' -> (2, 3); K counts from 1."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise HandoutsError(f"--shard takes K/N, e.g. 1/3, not '{text}'") from None
    if not 1 <= k <= n:
        raise HandoutsError(f"--shard {text}: K must be between 1 and N")
    return k, n


# ---- what a job is made from ---------------------------------------------------------------


ENGINE = Path(__file__).resolve().parent


@functools.cache
def engine_fingerprint(package: Path = ENGINE) -> str:
    """The version plus a hash of the engine's own source and the libraries that write the PDF.

    The version string alone is not enough: a checkout that changes the layout code without a
    release would keep serving PDFs made by the old code as "unchanged". Hashing about 5,000
    lines costs about 2 ms, once per process, and imports nothing heavy.
    """
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
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
        paths += [p for p in (root / "settings.yaml", root / f"brand.{lang}.yaml") if p.is_file()]
        if library.logo is not None:
            paths.append(library.logo)
        condition = library.conditions_by_lang[lang][slug]
        paths.append(library.condition_files[lang, slug].path)
        for entry in condition.blocks:
            block = entry if isinstance(entry, Block) else library.blocks_by_lang[lang][entry]
            if not isinstance(entry, Block):
                paths.append(library.block_files[lang, entry].path)
            paths += [
                (root / part.body.image).resolve()
                for part in block.body
                if isinstance(part, Figure)
            ]
        return paths

    def job_hash(self, job: Job) -> str:
        digest = hashlib.sha256()
        options = {k: v for k, v in asdict(job).items() if k not in ("input_hash",)}
        digest.update(json.dumps([engine_fingerprint(), options], sort_keys=True).encode())
        for path in self.files_for(job.slug, job.lang):
            digest.update(path.name.encode() + b"\0" + self._file(path).encode())
        return digest.hexdigest()


# ---- the manifest --------------------------------------------------------------------------


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
            if key not in ("title", "keywords") or key in entry  # older manifests lack them
        )
    )


def write_manifest(out: Path, files: dict[str, dict[str, Any]]) -> Path:
    from handouts.output import write_atomic

    document = {"engine": engine_fingerprint(), "files": dict(sorted(files.items()))}
    path = out / MANIFEST
    write_atomic(path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())
    return path


def sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def is_current(job: Job, out: Path, manifest: dict[str, dict[str, Any]]) -> bool:
    entry = manifest.get(job.name)
    return (
        entry is not None
        and entry.get("input_hash") == job.input_hash
        and sha256_of(out / job.name) == entry.get("sha256")
    )


# ---- rendering, in this process or in workers ----------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(content: Path) -> None:
    """Runs once in each worker process: content and fonts are loaded here, not per job."""
    from handouts.fonts import register

    library = load_library(content)
    register(library.font)
    _worker["library"] = library


def render_job(job: Job, library: Library | None = None) -> tuple[bytes, Output]:
    from handouts.document import keywords_of, render_handout
    from handouts.theme import Theme

    library = library or _worker["library"]
    theme = Theme(paper=job.paper)
    if job.large_print:
        theme = theme.large_print()
    handout = library.handout(job.slug, job.clinic, job.lang)
    rendered = render_handout(handout, theme)
    output = Output(
        job.slug, job.lang, job.paper, job.edition, job.large_print, rendered.pages,
        len(rendered.data), hashlib.sha256(rendered.data).hexdigest(),
        handout.revised.isoformat(), job.input_hash, handout.condition.title,
        ", ".join(keywords_of(handout)),
    )  # fmt: skip
    return rendered.data, output


def _render_and_write(job: Job, out: str, thumbnails: bool) -> Output:
    data, output = render_job(job)
    _write(Path(out) / job.name, data)
    if thumbnails:
        _thumbnail(Path(out), job.name, data)
    return output


def _thumbnail(out: Path, name: str, data: bytes) -> None:
    from handouts.catalog import save_thumbnail

    with contextlib.suppress(OSError):  # only the catalog's picture: it is remade if missing
        save_thumbnail(out, name, data)


def _render_only(job: Job) -> tuple[bytes, Output]:
    return render_job(job)


def _write(path: Path, data: bytes) -> None:
    from handouts.output import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def run_jobs(
    jobs: list[Job], library: Library, out: Path | None, workers: int, thumbnails: bool = False
) -> Iterator[tuple[Job, Output, bytes | None]]:
    """Render (and, with `out`, write) every job; yields as each finishes.

    With one worker everything runs here. With more, a process pool renders; each worker
    writes its own files (so PDFs do not cross the pipe) unless `out` is None, for --check.
    """
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            data, output = render_job(job, library)
            if out is not None:
                _write(out / job.name, data)
                if thumbnails:
                    _thumbnail(out, job.name, data)
            yield job, output, None if out is not None else data
        return
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only when needed

    _worker["library"] = library  # a forked worker inherits it and skips loading
    _import_renderers(thumbnails)
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_maybe_start_worker, initargs=(library.root,)
    ) as pool:
        if out is not None:
            futures = [
                (job, pool.submit(_render_and_write, job, str(out), thumbnails)) for job in jobs
            ]
            for job, future in futures:
                yield job, future.result(), None
        else:
            pending = [(job, pool.submit(_render_only, job)) for job in jobs]
            for job, rendering in pending:
                data, output = rendering.result()
                yield job, output, data


def _import_renderers(thumbnails: bool) -> None:
    """Import ReportLab (and PDFium and Pillow for thumbnails) here, once: forked workers inherit
    them rather than each paying for the imports (which made two workers slower than one)."""
    import handouts.document
    import handouts.layout

    if thumbnails:
        import pypdfium2  # noqa: F401
        from PIL import Image  # noqa: F401

        import handouts.catalog  # noqa: F401


def _maybe_start_worker(content: Path) -> None:
    if "library" not in _worker:  # spawned, not forked: load content and fonts once here
        _start_worker(content)
    else:
        from handouts.fonts import register

        register(_worker["library"].font)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def with_hashes(jobs: Iterable[Job], library: Library) -> list[Job]:
    hasher = InputHasher(library)
    return [replace(job, input_hash=hasher.job_hash(job)) for job in jobs]
