"""The whole job, for the CLI and for tests: check the content, render each handout, write it.

Nothing is written until all content has passed validation, and each PDF is written atomically,
so a bad edit never leaves a partial file and never replaces a good one.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from handouts.batch import (
    MANIFEST,
    Job,
    is_current,
    read_manifest,
    run_jobs,
    sha256_of,
    shard_of,
    with_hashes,
    write_manifest,
)
from handouts.catalog import THUMBS
from handouts.errors import (
    ContentError,
    ContentErrors,
    HandoutsError,
    cannot_write,
    check_output_folder,
)
from handouts.output import remove_stale_parts
from handouts.personal import Personal, unsupported_characters
from handouts.theme import PAPER_SIZES, Theme
from handouts.validate import Library, check_characters, check_pictures, load_library


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build can be asked for; the CLI fills this in and nothing else."""

    content: Path = Path("content")
    out: Path = Path("out")
    conditions: tuple[str, ...] = ()
    """Condition slugs to build; empty means all of them."""
    clinic: str | None = None
    """One location's slug, for a handout that lists only that clinic; None lists them all."""
    paper: str = "all"
    """letter, a4, or all: every paper settings.yaml lists (letter unless it says otherwise),
    so a plain build makes every combination the content is configured for."""
    lang: str = "all"
    """A language code from settings.yaml, or 'all'."""
    jobs: int = 1
    """Worker processes; more than one renders in parallel."""
    force: bool = False
    """Rebuild even what the manifest shows as unchanged."""
    shard: tuple[int, int] | None = None
    """(K, N): build only the K-th of N stable parts of the catalog."""
    large_print: bool = False
    """18 pt body for readers with low vision; files end in -large."""
    personal: Personal | None = None
    """A personalised copy: files end in -personal and never carry the patient's name."""
    password: str | None = None
    """Encrypt each PDF with this open password (AES-256)."""


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


def output_name(
    slug: str,
    clinic: str | None,
    lang: str | None,
    paper: str,
    *,
    large_print: bool = False,
    personal: bool = False,
) -> str:
    """migraine.pdf, migraine-es.pdf, migraine-manhattan-large-a4.pdf: editions never overwrite.

    `lang` is None for the base language, whose files carry no language suffix. A personal
    copy is marked '-personal' and nothing else: no name, date or note ever reaches a file name.
    """
    parts = [
        slug, clinic, lang, "large" if large_print else None,
        paper if paper != "letter" else None, "personal" if personal else None,
    ]  # fmt: skip
    return "-".join(p for p in parts if p) + ".pdf"


def check_content(content: Path) -> Library:
    """Every check that needs no PDF: shapes, references, colours, fonts, characters."""
    library = load_library(content)
    check_renderable(library)
    return library


def check_renderable(library: Library, slugs: Iterable[str] | None = None) -> None:
    """The checks that open the font and the pictures (ReportLab, svglib): run before rendering,
    not for a no-op rebuild, which must stay fast. Pictures: only those the named handouts use."""
    wanted = set(slugs) if slugs is not None else None
    problems = check_characters(library) + check_pictures(library, wanted)
    problems += check_handout_sizes(library, wanted)
    if problems:
        raise ContentErrors(problems)


MAX_HANDOUT_BYTES = 200_000
"""A handout's YAML (its condition file and shared blocks): about 60 pages of text. Real ones
are a few kilobytes; the limit keeps hostile content from tying up a build for minutes."""


def check_handout_sizes(library: Library, slugs: set[str] | None) -> list[ContentError]:
    problems = []
    for (lang, slug), source in library.condition_files.items():
        if slugs is not None and slug not in slugs:
            continue
        condition = library.conditions_by_lang[lang][slug]
        files = {source.path} | {
            library.block_files[lang, entry].path
            for entry in condition.blocks
            if isinstance(entry, str) and (lang, entry) in library.block_files
        }
        size = sum(path.stat().st_size for path in files)
        if size > MAX_HANDOUT_BYTES:
            message = (
                f"this handout's content is {size // 1000:,} KB, more than "
                f"{MAX_HANDOUT_BYTES // 1000} KB (about 60 pages); a handout is a few "
                "pages: move some blocks to another handout"
            )
            problems.append(ContentError(source.display, 1, 1, message))
    return problems


def check_personal(library: Library, personal: Personal | None) -> None:
    """The personal text must be printable in the brand font; say which option, not its text."""
    if personal is None:
        return
    from reportlab.pdfbase.ttfonts import TTFont

    covered = set(TTFont("coverage", str(library.font.files[0])).face.charToGlyph)
    problems = unsupported_characters(personal, covered)
    if problems:
        raise HandoutsError("; ".join(problems))


def plan_jobs(library: Library, options: BuildOptions) -> list[Job]:
    """Every document the options ask for: condition × language × paper × edition."""
    slugs = list(dict.fromkeys(options.conditions)) or sorted(library.conditions)
    languages = library.languages if options.lang == "all" else [options.lang]
    papers = list(library.settings.papers) if options.paper == "all" else [options.paper]
    base = library.settings.base_language
    jobs = []
    for slug in slugs:
        editions: list[str | None] = [options.clinic]
        if options.clinic is None and library.conditions[slug].per_location:
            editions += [location.slug for location in library.brand.locations]
        for lang in languages:
            for paper in papers:
                for clinic in editions:
                    name = output_name(
                        slug, clinic, None if lang == base else lang, paper,
                        large_print=options.large_print, personal=options.personal is not None,
                    )  # fmt: skip
                    jobs.append(Job(slug, lang, paper, clinic, options.large_print, name))
    if options.shard is not None:
        k, n = options.shard
        jobs = [job for job in jobs if shard_of(job.name, n) == k - 1]
    return jobs


def _prepare(options: BuildOptions) -> Library:
    if options.paper not in (*PAPER_SIZES, "all"):
        raise HandoutsError(
            f"unknown paper '{options.paper}'; use one of: {', '.join(PAPER_SIZES)}, all"
        )
    library = load_library(options.content)
    library.check_names(options.conditions, options.clinic, options.lang)
    check_personal(library, options.personal)
    if options.password is not None:
        from handouts.postprocess import check_password

        check_password(options.password)
    return library


def build_catalog(
    options: BuildOptions, on_built: Callable[[Built], None] | None = None
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
        for job, output, _ in run_jobs(todo, library, options.out, options.jobs, thumbnails):
            manifest[job.name] = asdict(output)
            report(Built(job.slug, job.lang, options.out / job.name, output.pages, output.bytes))
            if time.monotonic() - saved > PROGRESS_SECONDS:  # so a killed build loses little
                write_manifest(options.out, manifest)
                saved = time.monotonic()
    except BaseException:
        # Record what was written before the failure; the failure itself is what to report.
        if result.written:
            with contextlib.suppress(OSError):
                write_manifest(options.out, manifest)
        raise
    if result.written or not (options.out / MANIFEST).exists():
        try:
            result.manifest = write_manifest(options.out, manifest)
        except OSError as exc:
            raise cannot_write(options.out / MANIFEST, exc) from None
    whole = not options.conditions and options.shard is None
    if whole and todo:
        from handouts.catalog import write_catalog

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
            write_manifest(out, manifest)
        except OSError as exc:
            raise cannot_write(out / MANIFEST, exc) from None


def _build_private(
    jobs: list[Job], library: Library, options: BuildOptions, report: Callable[[Built], None]
) -> None:
    from handouts.document import render_handout
    from handouts.output import write_atomic

    for job in jobs:
        theme = Theme(paper=job.paper)
        if job.large_print:
            theme = theme.large_print()
        handout = replace(
            library.handout(job.slug, job.clinic, job.lang), personal=options.personal
        )
        rendered = render_handout(handout, theme)
        data = rendered.data
        if options.password is not None:
            from handouts.postprocess import encrypt  # pypdf: about 70 ms to import

            data = encrypt(data, options.password)
        path = options.out / job.name
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        report(Built(job.slug, job.lang, path, rendered.pages, len(data)))


def stale_outputs(options: BuildOptions) -> list[str]:
    """Build everything to memory and compare with out/ and its manifest: what CI runs to keep
    committed PDFs honest. Returns one line per stale, missing or orphaned file."""
    library = _prepare(options)
    check_renderable(library)
    jobs = with_hashes(plan_jobs(library, options), library)
    manifest = read_manifest(options.out)
    problems = []
    for job, output, _ in run_jobs(jobs, library, None, options.jobs):
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


def build_packet(options: BuildOptions, output: Path | None = None) -> Built:
    """Merge several handouts, in one language, into one PDF for a visit."""
    from handouts.document import render_handout
    from handouts.output import write_atomic
    from handouts.postprocess import PacketPart, check_password, encrypt, merge_packet

    if not options.conditions:
        raise HandoutsError("name the handouts to put in the packet, e.g. migraine aftercare")
    if options.paper not in PAPER_SIZES:
        raise HandoutsError(f"a packet has one paper size: use one of {', '.join(PAPER_SIZES)}")
    library = load_library(options.content)
    lang = library.settings.base_language if options.lang == "all" else options.lang
    library.check_names(options.conditions, options.clinic, lang)
    check_renderable(library, options.conditions)
    check_personal(library, options.personal)
    if options.password is not None:
        check_password(options.password)
    theme = Theme(paper=options.paper)
    if options.large_print:
        theme = theme.large_print()
    check_output_folder((output or options.out / "packet.pdf").parent)

    slugs = list(dict.fromkeys(options.conditions))
    parts, pages = [], 0
    for slug in slugs:
        handout = replace(library.handout(slug, options.clinic, lang), personal=options.personal)
        rendered = render_handout(handout, theme)
        parts.append(PacketPart(handout.condition.title, slug, rendered.data))
        pages += rendered.pages
    language = library.settings.languages[lang]
    title = f"{language.furniture.packet}: {library.brand.name}"
    data = merge_packet(parts, title, language.pdf_lang)
    if options.password is not None:
        data = encrypt(data, options.password)
    path = output or options.out / packet_name(slugs)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    return Built("+".join(slugs), lang, path, pages, len(data))
