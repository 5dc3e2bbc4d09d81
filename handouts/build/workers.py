"""Rendering jobs, in this process or on a pool of worker processes that each load the content
and fonts once (forked workers inherit them), then render many jobs and write their own files."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
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


def render_job(job: Job, library: Library | None = None) -> tuple[bytes, Output]:
    from handouts.render.document import keywords_of, render_document
    from handouts.render.theme import Theme

    library = library or _worker["library"]
    theme = Theme.for_paper(job.paper, large_print=job.large_print)
    handout = library.handout(job.slug, job.clinic, job.lang)
    rendered = render_document(handout, theme)
    output = Output(
        job.slug, job.lang, job.paper, job.edition, job.large_print, rendered.pages,
        len(rendered.data), hashlib.sha256(rendered.data).hexdigest(),
        handout.revised.isoformat(), job.input_hash, handout.condition.title,
        ", ".join(keywords_of(handout)), handout.search_text,
    )  # fmt: skip
    return rendered.data, output


def _render_and_write(job: Job, out: str, thumbnails: bool) -> Output:
    data, output = render_job(job)
    _write(Path(out) / job.name, data)
    if thumbnails:
        _thumbnail(Path(out), job.name, data)
    return output


def _thumbnail(out: Path, name: str, data: bytes) -> None:
    from handouts.publish.catalog import save_thumbnail

    with contextlib.suppress(OSError):  # only the catalog's picture: it is remade if missing
        save_thumbnail(out, name, data)


def _render_only(job: Job) -> tuple[bytes, Output]:
    return render_job(job)


def _write(path: Path, data: bytes) -> None:
    from handouts.publish.atomic import write_atomic

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
