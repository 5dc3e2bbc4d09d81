"""Rendering jobs, in this process or on a pool of worker processes that each load the content
and fonts once (forked workers inherit them), then render many jobs and write their own files."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.build.plan import Job
from handouts.content.library import Library
from handouts.content.load import load_library
from handouts.errors import cannot_write
from handouts.publish.manifest import Output

# ---- rendering, in this process or in workers ----------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(content: Path) -> None:
    """Runs once in each worker process: content and fonts are loaded here, not per job."""
    from handouts.render.fonts import register

    library = load_library(content)
    register(library.font)
    _worker["library"] = library


def render_job(job: Job, library: Library | None = None) -> tuple[bytes, Output, tuple[str, ...]]:
    """The PDF, what the manifest records of it, and the build's warnings about its pages."""
    from handouts.render.document import keywords_of, render_document
    from handouts.render.pagefill import layout_warnings
    from handouts.render.theme import Theme

    library = library or _worker["library"]
    theme = Theme.for_paper(job.paper, large_print=job.large_print)
    handout = library.handout(job.slug, job.clinic, job.lang)
    rendered = render_document(handout, theme)
    # The page limit is for normal print; large print reflows to more pages on purpose.
    own = library.conditions[job.slug].page_limit
    limit = None if job.large_print else own or library.settings.page_limit
    warnings = tuple(layout_warnings(job.name, rendered, limit))
    output = Output(
        job.slug, job.lang, job.paper, job.edition, job.large_print, rendered.pages,
        len(rendered.data), hashlib.sha256(rendered.data).hexdigest(),
        handout.revised.isoformat(), job.input_hash, handout.condition.title,
        ", ".join(keywords_of(handout)), handout.search_text, handout.draft_label,
        "\n".join(warnings),
    )  # fmt: skip
    return rendered.data, output, warnings


@dataclass(frozen=True)
class Rendered:
    """One job done: what the manifest records, and its files written whole under hidden
    names (staged), not yet in place; or, for --check, its bytes."""

    job: Job
    output: Output
    pdf: Path | None = None
    thumbnail: Path | None = None
    data: bytes | None = None
    warnings: tuple[str, ...] = ()
    """Pages left mostly blank, a page limit passed (render/pagefill.py): for the build to say."""

    def discard(self) -> None:
        """Remove the staged files (a later document failed, or the build was stopped)."""
        for path in (self.pdf, self.thumbnail):
            if path is not None:
                path.unlink(missing_ok=True)


def _render_and_stage(job: Job, out: Path, thumbnails: bool, library: Library | None) -> Rendered:
    from handouts.publish.atomic import stage

    data, output, warnings = render_job(job, library)
    path = out / job.name
    try:
        pdf = stage(path, data)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    thumbnail = None
    if thumbnails:
        from handouts.publish.catalog import THUMBS, thumbnail_jpeg

        with contextlib.suppress(OSError):  # only the catalog's picture: it is remade if missing
            thumbnail = stage(out / THUMBS / f"{job.name}.jpg", thumbnail_jpeg(data))
    return Rendered(job, output, pdf, thumbnail, warnings=warnings)


def _render_in_worker(job: Job, out: str | None, thumbnails: bool) -> Rendered:
    if out is None:
        data, output, warnings = render_job(job)
        return Rendered(job, output, data=data, warnings=warnings)
    return _render_and_stage(job, Path(out), thumbnails, None)


DOCUMENTS_PER_WORKER = 3
"""A worker process pays for itself from about three documents: starting a pool took longer
than rendering two (measured: two handouts, 92 ms in this process, 110 ms on two workers with
twice the CPU; six, 286 ms here and 195 ms on two)."""


def worker_count(requested: int, jobs: int) -> int:
    """Never more workers than the CPUs this process may use (--jobs 10000 once hung a build),
    nor than one per DOCUMENTS_PER_WORKER documents: more only costs memory and start-up."""
    from handouts.options import default_workers

    return max(1, min(requested, -(-jobs // DOCUMENTS_PER_WORKER), default_workers()))


def run_jobs(
    jobs: list[Job], library: Library, out: Path | None, workers: int, thumbnails: bool = False
) -> Iterator[Rendered]:
    """Render every job, yielding as each finishes: with `out`, each PDF staged there (put in
    place by the caller once every job has succeeded); without, its bytes (for --check).

    With one worker everything runs here. With more, a process pool renders; each worker
    stages its own files, so PDFs do not cross the pipe.
    """
    workers = worker_count(workers, len(jobs))
    if workers <= 1:
        for job in jobs:
            if out is None:
                data, output, warnings = render_job(job, library)
                yield Rendered(job, output, data=data, warnings=warnings)
            else:
                yield _render_and_stage(job, out, thumbnails, library)
        return
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only when needed

    _worker["library"] = library  # a forked worker inherits it and skips loading
    _import_renderers(thumbnails)
    target = str(out) if out is not None else None
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_maybe_start_worker, initargs=(library.root,)
    ) as pool:
        futures = [pool.submit(_render_in_worker, job, target, thumbnails) for job in jobs]
        try:
            for future in futures:
                yield future.result()
        except BaseException:
            for future in futures:  # what is not running yet never starts
                future.cancel()
            pool.shutdown(wait=True)
            for future in futures:  # what finished anyway is not kept
                if not future.cancelled() and future.exception() is None:
                    future.result().discard()
            raise


def _import_renderers(thumbnails: bool) -> None:
    """Import ReportLab (and PDFium and Pillow for thumbnails) here, once: forked workers inherit
    them rather than each paying for the imports (which made two workers slower than one)."""
    import handouts.render.document
    import handouts.render.story

    if thumbnails:
        import pypdfium2  # noqa: F401
        from PIL import Image  # noqa: F401

        import handouts.publish.catalog  # noqa: F401


def _maybe_start_worker(content: Path) -> None:
    if "library" not in _worker:  # spawned, not forked: load content and fonts once here
        _start_worker(content)
    else:
        from handouts.render.fonts import register

        register(_worker["library"].font)
