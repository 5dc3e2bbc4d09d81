"""Building the catalog: check the content, plan the documents, render every one (in parallel),
and only then publish: put each file in place, record it in the manifest, rewrite the catalog.

Nothing is replaced until every document has rendered: a problem found while rendering the
tenth handout leaves the first nine as they were. Each file is put in place by one rename, and
the manifest (updated under a lock, so two builds into one folder both keep their entries)
loses a file's entry before the file is replaced and gets it back after.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from handouts.build import incremental
from handouts.build.incremental import is_current, with_hashes
from handouts.build.plan import name_clashes, plan_jobs, withheld_copies
from handouts.build.workers import Rendered, run_jobs, worker_count
from handouts.content.library import Library
from handouts.content.load import load_library
from handouts.content.markup import excerpt
from handouts.errors import (
    ContentErrors,
    HandoutsError,
    Interrupted,
    cannot_write,
    check_output_folder,
)
from handouts.options import ALL, DEFAULT_OPTIONS, Options, check_password
from handouts.papers import PAPER_SIZES
from handouts.publish.atomic import commit, remove_stale_parts
from handouts.publish.catalog import THUMBS
from handouts.publish.manifest import MANIFEST, read_manifest, sha256_of, update_manifest
from handouts.render.preflight import check_personal, check_renderable


@dataclass(frozen=True)
class Built:
    condition: str
    lang: str
    path: Path
    pages: int
    size: int
    skipped: bool = False
    """Unchanged since the last build (same inputs, output matches the manifest)."""
    data: bytes | None = None
    """The PDF itself, when it was asked for on standard output (-o -) rather than written."""
    warnings: tuple[str, ...] = ()
    """About its pages (render/pagefill.py): one mostly blank before the last, a page limit
    passed. Each names the file and a block; none carries patient data."""


@dataclass
class BuildResult:
    built: list[Built] = field(default_factory=list)
    catalog: Path | None = None
    """out/index.html, rewritten after a whole-catalog build: not after a build of named
    handouts (it re-renders every thumbnail; `handouts catalog` does that on demand), and never
    for personal or encrypted copies."""
    manifest: Path | None = None
    workers: int = 1
    """The worker processes used: --jobs, capped at the CPUs and one per three documents."""
    not_built: list[str] = field(default_factory=list)
    """Warnings: each handout asked for that is not built in a language, and why (a
    translation it needs is missing or awaiting)."""

    @property
    def written(self) -> list[Built]:
        return [b for b in self.built if not b.skipped]


def prepare(options: Options) -> Library:
    """Every check that needs no rendering, before any work: options, names, content."""
    if options.paper not in (*PAPER_SIZES, ALL):
        raise HandoutsError(
            f"unknown paper '{options.paper}'; use one of: {', '.join(PAPER_SIZES)}, all"
        )
    if options.password is not None:
        check_password(options.password)
    library = load_library(options.content)
    private = options.personal is not None
    library.check_names(options.conditions, options.clinic, options.lang, private=private)
    clashes = name_clashes(library)
    if clashes:
        raise ContentErrors(clashes)
    check_personal(library, options.personal)
    return library


def check_content(content: Path = DEFAULT_OPTIONS.content) -> Library:
    """Every check that needs no PDF: shapes, references, colours, fonts, characters, and
    file names that two documents would share."""
    library = load_library(content)
    problems = name_clashes(library)
    try:
        check_renderable(library)
    except ContentErrors as more:
        problems += more.errors
    if problems:
        raise ContentErrors(problems)
    return library


def build_catalog(
    options: Options = DEFAULT_OPTIONS, on_built: Callable[[Built], None] | None = None
) -> BuildResult:
    """Build the requested handouts into options.out; raises before writing if content is bad.

    Catalog builds are incremental and recorded in out/manifest.json. Personal and encrypted
    copies are made afresh, never recorded, and never take a catalog file's name.
    """
    private = options.personal is not None or options.password is not None
    if private:
        from handouts.build.private import remove_previous_copies

        remove_previous_copies(options)  # before anything can fail
    library = prepare(options)
    jobs = plan_jobs(library, options)
    result = BuildResult(not_built=withheld_copies(library, options))
    if not jobs and result.not_built and options.shard is None:
        raise HandoutsError("nothing to build: " + "; ".join(result.not_built))
    if private:
        from handouts.build.private import build_private

        build_private(jobs, library, options, result.built.append)
        for built in result.built:
            if on_built:
                on_built(built)
        return result
    if options.output is not None:
        raise HandoutsError("-o is for a personal or encrypted copy; the catalog goes to --out")
    check_output_folder(options.out)
    for folder in (options.out, options.out / THUMBS):  # a killed build's temporary files
        if folder.is_dir():
            remove_stale_parts(folder)

    def report(built: Built) -> None:
        result.built.append(built)
        if on_built:
            on_built(built)

    jobs = with_hashes(jobs, library)
    manifest = read_manifest(options.out)
    todo = []
    for job in jobs:
        if not options.force and is_current(job, options.out, manifest):
            entry = manifest[job.name]
            path = options.out / job.name
            lines = entry.get("warnings", "").split("\n")[:MAX_KEPT_WARNINGS]  # out/ is anyone's
            said = tuple(excerpt(line, 400) for line in lines if line.strip())  # no escape codes
            size = entry["pages"], entry["bytes"]  # its warnings still hold: said again
            report(Built(job.slug, job.lang, path, *size, skipped=True, warnings=said))
        else:
            todo.append(job)
    whole = not options.conditions and options.shard is None
    if todo:
        pages = ["index.html"] if whole else []
        _check_targets(options.out, [*(job.name for job in todo), MANIFEST, *pages])
        check_renderable(library, {job.slug for job in todo})
    result.workers = worker_count(options.workers, len(todo))
    created = not options.out.exists()
    try:
        rendered = _render_all(run_jobs(todo, library, options.out, result.workers, whole))
    except BaseException:
        if created:  # a failed first build leaves no empty folder behind
            for folder in (options.out / THUMBS, options.out):
                with contextlib.suppress(OSError):
                    folder.rmdir()
        raise
    _publish(rendered, options.out, report)
    if rendered or not (options.out / MANIFEST).exists():
        result.manifest = _update(options.out, {}, create=True)
    if whole and todo:
        from handouts.publish.catalog import write_catalog

        try:
            clinics = {loc.slug: loc.name for loc in library.brand.locations}
            result.catalog = write_catalog(options.out, library.brand.name, clinics)
        except OSError as exc:
            raise cannot_write(options.out / "index.html", exc) from None
    return result


MAX_KEPT_WARNINGS = 10
"""Warnings said again for one unchanged file, read from its manifest entry: a file has two or
three at most; an edited manifest gets no more, each one line of printable text."""


def _check_targets(out: Path, names: list[str]) -> None:
    """A file about to be replaced must be a file: a folder, link or FIFO by that name in
    out/ is someone else's, and is neither replaced nor followed."""
    for name in names:
        path = out / name
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise HandoutsError(
                f"{path} is not a file we wrote (a folder, a link or a device); move it out of "
                f"{out} and build again"
            )


def _render_all(rendering: object) -> list[Rendered]:
    """Every document rendered and staged, or none: a failure or Ctrl-C discards the staged
    files and replaces nothing."""
    staged: list[Rendered] = []
    try:
        for one in rendering:  # type: ignore[attr-defined]
            staged.append(one)
    except KeyboardInterrupt:
        for one in staged:
            one.discard()
        raise Interrupted("stopped while rendering: nothing was written") from None
    except BaseException:
        for one in staged:
            one.discard()
        raise
    return staged


def _publish(rendered: list[Rendered], out: Path, report: Callable[[Built], None]) -> None:
    """Put the staged files in place: their manifest entries go first, come back after."""
    if not rendered:
        return
    _update(out, {one.job.name: None for one in rendered})
    done = 0
    path = out
    try:
        for one in rendered:
            assert one.pdf is not None
            path = out / one.job.name
            commit(one.pdf, path)
            if one.thumbnail is not None:
                commit(one.thumbnail, out / THUMBS / f"{one.job.name}.jpg")
            done += 1
    except KeyboardInterrupt:
        _settle(rendered, done, out)
        raise Interrupted(
            f"stopped while putting files in place: {done} of {len(rendered)} were replaced "
            "(the others are as they were); build again to finish"
        ) from None
    except OSError as exc:
        _settle(rendered, done, out)
        raise cannot_write(path, exc) from None
    _update(out, {one.job.name: asdict(one.output) for one in rendered})
    for one in rendered:
        path = out / one.job.name
        report(
            Built(
                one.job.slug, one.job.lang, path, one.output.pages, one.output.bytes,
                warnings=one.warnings,
            )
        )  # fmt: skip


def _settle(rendered: list[Rendered], done: int, out: Path) -> None:
    """After a stop halfway through: record what is in place, drop what is not."""
    for one in rendered[done:]:
        one.discard()
    _update(out, {one.job.name: asdict(one.output) for one in rendered[:done]})


def _update(out: Path, changes: dict[str, Any], *, create: bool = False) -> Path:
    try:
        return update_manifest(out, changes, incremental.engine_fingerprint(), create=create)
    except OSError as exc:
        raise cannot_write(out / MANIFEST, exc) from None


def stale_outputs(options: Options = DEFAULT_OPTIONS) -> list[str]:
    """Build everything to memory and compare with out/ and its manifest: what CI runs to keep
    published PDFs honest. Returns one line per stale, missing or orphaned file."""
    library = prepare(options)
    check_renderable(library)
    jobs = with_hashes(plan_jobs(library, options), library)
    manifest = read_manifest(options.out)
    problems = []
    for one in run_jobs(jobs, library, None, options.workers):
        job, output = one.job, one.output
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


def rewrite_catalog(options: Options = DEFAULT_OPTIONS) -> Path:
    """Write out/index.html for the generic handouts the folder's manifests record."""
    from handouts.content.load import load_brand
    from handouts.publish.catalog import write_catalog

    if not options.out.is_dir():
        raise HandoutsError(f"folder '{options.out}' not found; run 'handouts build' first")
    brand = load_brand(options.content)
    check_output_folder(options.out)
    remove_stale_parts(options.out)
    try:
        clinics = {loc.slug: loc.name for loc in brand.locations}
        return write_catalog(options.out, brand.name, clinics)
    except OSError as exc:
        raise cannot_write(options.out / "index.html", exc) from None
