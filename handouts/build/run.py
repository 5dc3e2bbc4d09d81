"""Building: the whole job for the CLI, the API and the tests. Check the content, plan the
documents, render them (in parallel), and publish: write each file atomically, record it in
the manifest, and rewrite the catalog page.

Nothing is written until all content has passed every check, and each PDF is written
atomically, so a bad edit never leaves a partial file and never replaces a good one.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from handouts.build import incremental
from handouts.build.incremental import is_current, with_hashes
from handouts.build.plan import Job, plan_jobs
from handouts.build.workers import run_jobs
from handouts.content.library import Library
from handouts.content.load import load_library
from handouts.errors import HandoutsError, cannot_write, check_output_folder
from handouts.options import ALL, DEFAULT_OPTIONS, Options, check_password
from handouts.papers import PAPER_SIZES
from handouts.publish.atomic import remove_stale_parts
from handouts.publish.catalog import THUMBS
from handouts.publish.manifest import MANIFEST, read_manifest, sha256_of, write_manifest
from handouts.render.preflight import check_personal, check_renderable
from handouts.render.theme import Theme


@dataclass(frozen=True)
class Built:
    condition: str
    lang: str
    path: Path
    pages: int
    size: int
    skipped: bool = False
    """Unchanged since the last build (same inputs, output matches the manifest)."""


@dataclass
class BuildResult:
    built: list[Built] = field(default_factory=list)
    catalog: Path | None = None
    """out/index.html, rewritten after a whole-catalog build: not after a build of named
    handouts (it re-renders every thumbnail; `handouts catalog` does that on demand), and never
    for personal or encrypted copies."""
    manifest: Path | None = None

    @property
    def written(self) -> list[Built]:
        return [b for b in self.built if not b.skipped]


def _prepare(options: Options) -> Library:
    """Every check that needs no rendering, before any work: options, names, content."""
    if options.paper not in (*PAPER_SIZES, ALL):
        raise HandoutsError(
            f"unknown paper '{options.paper}'; use one of: {', '.join(PAPER_SIZES)}, all"
        )
    if options.password is not None:
        check_password(options.password)
    library = load_library(options.content)
    library.check_names(options.conditions, options.clinic, options.lang)
    check_personal(library, options.personal)
    return library


def check_content(content: Path = DEFAULT_OPTIONS.content) -> Library:
    """Every check that needs no PDF: shapes, references, colours, fonts, characters."""
    library = load_library(content)
    check_renderable(library)
    return library


def build_catalog(
    options: Options = DEFAULT_OPTIONS, on_built: Callable[[Built], None] | None = None
) -> BuildResult:
    """Build the requested handouts into options.out; raises before writing if content is bad.

    Catalog builds are incremental and recorded in out/manifest.json. Personal and encrypted
    copies are always made afresh and never recorded: the manifest is for the catalog.
    """
    library = _prepare(options)
    jobs = plan_jobs(library, options)
    result = BuildResult()
    check_output_folder(options.out)
    for folder in (options.out, options.out / THUMBS):  # a killed build's temporary files
        if folder.is_dir():
            remove_stale_parts(folder)

    def report(built: Built) -> None:
        result.built.append(built)
        if on_built:
            on_built(built)

    if options.personal is not None or options.password is not None:
        check_renderable(library, {job.slug for job in jobs})
        _build_private(jobs, library, options, report)
        return result

    jobs = with_hashes(jobs, library)
    manifest = read_manifest(options.out)
    todo = []
    for job in jobs:
        if not options.force and is_current(job, options.out, manifest):
            entry = manifest[job.name]
            report(
                Built(
                    job.slug,
                    job.lang,
                    options.out / job.name,
                    entry["pages"],
                    entry["bytes"],
                    skipped=True,
                )
            )
        else:
            todo.append(job)
    if todo:
        check_renderable(library, {job.slug for job in todo})
        _forget(todo, manifest, options.out)
    try:
        whole = not options.conditions
        thumbnails = whole and options.shard is None  # pictures for the catalog page
        saved = time.monotonic()
        for job, output, _ in run_jobs(todo, library, options.out, options.workers, thumbnails):
            manifest[job.name] = asdict(output)
            report(Built(job.slug, job.lang, options.out / job.name, output.pages, output.bytes))
            if time.monotonic() - saved > PROGRESS_SECONDS:  # so a killed build loses little
                write_manifest(options.out, manifest, incremental.engine_fingerprint())
                saved = time.monotonic()
    except BaseException:
        # Record what was written before the failure; the failure itself is what to report.
        if result.written:
            with contextlib.suppress(OSError):
                write_manifest(options.out, manifest, incremental.engine_fingerprint())
        raise
    if result.written or not (options.out / MANIFEST).exists():
        try:
            result.manifest = write_manifest(
                options.out, manifest, incremental.engine_fingerprint()
            )
        except OSError as exc:
            raise cannot_write(options.out / MANIFEST, exc) from None
    whole = not options.conditions and options.shard is None
    if whole and todo:
        from handouts.publish.catalog import write_catalog

        result.catalog = write_catalog(options.out, library.brand.name)
    return result


PROGRESS_SECONDS = 1.0


def _forget(todo: list[Job], manifest: dict[str, Any], out: Path) -> None:
    """Before replacing files, drop their entries from the manifest on disk.

    Entries are added back only after each new file is in place, so at every moment (a build
    killed at any instant included) each entry describes the file that is there. A file
    with no entry is simply rebuilt next time.
    """
    if any(job.name in manifest for job in todo):
        for job in todo:
            manifest.pop(job.name, None)
        try:
            write_manifest(out, manifest, incremental.engine_fingerprint())
        except OSError as exc:
            raise cannot_write(out / MANIFEST, exc) from None


def _build_private(
    jobs: list[Job], library: Library, options: Options, report: Callable[[Built], None]
) -> None:
    from handouts.api import encrypt
    from handouts.publish.atomic import write_atomic
    from handouts.render.document import render_document

    for job in jobs:
        theme = Theme.for_paper(job.paper, large_print=job.large_print)
        handout = replace(
            library.handout(job.slug, job.clinic, job.lang), personal=options.personal
        )
        rendered = render_document(handout, theme)
        data = rendered.data
        if options.password is not None:
            data = encrypt(data, options.password)  # pypdf: about 70 ms to import
        path = options.out / job.name
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        report(Built(job.slug, job.lang, path, rendered.pages, len(data)))


def stale_outputs(options: Options = DEFAULT_OPTIONS) -> list[str]:
    """Build everything to memory and compare with out/ and its manifest: what CI runs to keep
    committed PDFs honest. Returns one line per stale, missing or orphaned file."""
    library = _prepare(options)
    check_renderable(library)
    jobs = with_hashes(plan_jobs(library, options), library)
    manifest = read_manifest(options.out)
    problems = []
    for job, output, _ in run_jobs(jobs, library, None, options.workers):
        on_disk = sha256_of(options.out / job.name)
        entry = manifest.get(job.name)
        if on_disk is None:
            problems.append(f"missing: {options.out / job.name}")
        elif on_disk != output.sha256:
            problems.append(f"stale: {options.out / job.name} (content or engine changed)")
        elif (
            entry is None
            or entry.get("sha256") != output.sha256
            or entry.get("input_hash") != job.input_hash
        ):
            problems.append(f"stale: {options.out / MANIFEST} entry for {job.name}")
    planned = {job.name for job in jobs}
    if not options.conditions and options.shard is None:
        for name in sorted(set(manifest) - planned):
            problems.append(f"orphaned: {options.out / name} is no longer built")
    return problems


def packet_name(slugs: list[str]) -> str:
    return "packet-" + "-".join(slugs) + ".pdf"


def build_packet(options: Options = DEFAULT_OPTIONS, output: Path | None = None) -> Built:
    """Merge several handouts, in one language, into one PDF for a visit, and write it."""
    from handouts.api import encrypt, make_packet
    from handouts.publish.atomic import write_atomic

    if not options.conditions:
        raise HandoutsError("name the handouts to put in the packet, e.g. migraine aftercare")
    if options.password is not None:
        check_password(options.password)
    library = load_library(options.content)
    lang = library.settings.base_language if options.lang == ALL else options.lang
    library.check_names(options.conditions, options.clinic, lang)
    check_output_folder((output or options.out / "packet.pdf").parent)
    slugs = list(dict.fromkeys(options.conditions))
    packet = make_packet(
        library, slugs, lang=lang, clinic=options.clinic, paper=options.paper,
        large_print=options.large_print, personal=options.personal,
    )  # fmt: skip
    data = packet.data
    if options.password is not None:
        data = encrypt(data, options.password)
    path = output or options.out / packet_name(slugs)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    return Built("+".join(slugs), lang, path, packet.pages, len(data))


def rewrite_catalog(options: Options = DEFAULT_OPTIONS) -> Path:
    """Write out/index.html for the generic handouts already in options.out."""
    from handouts.content.load import load_brand
    from handouts.publish.catalog import write_catalog

    if not options.out.is_dir():
        raise HandoutsError(f"folder '{options.out}' not found; run 'handouts build' first")
    return write_catalog(options.out, load_brand(options.content).name)
