"""The whole job, for the CLI and for tests: check the content, render each handout, write it.

Nothing is written until all content has passed validation, and each PDF is written atomically,
so a bad edit never leaves a partial file and never replaces a good one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from handouts.errors import ContentErrors, HandoutsError
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
    paper: str = "letter"
    lang: str = "all"
    """A language code from settings.yaml, or 'all'."""
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


@dataclass
class BuildResult:
    built: list[Built] = field(default_factory=list)
    catalog: Path | None = None
    """out/index.html, rewritten after a whole-catalog build: not after a build of named
    handouts (it re-renders every thumbnail; `handouts catalog` does that on demand), and never
    for personal or encrypted copies."""


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
    problems = check_characters(library) + check_pictures(library)
    if problems:
        raise ContentErrors(problems)
    return library


def check_personal(library: Library, personal: Personal | None) -> None:
    """The personal text must be printable in the brand font; say which option, not its text."""
    if personal is None:
        return
    from reportlab.pdfbase.ttfonts import TTFont

    covered = set(TTFont("coverage", str(library.font.files[0])).face.charToGlyph)
    problems = unsupported_characters(personal, covered)
    if problems:
        raise HandoutsError("; ".join(problems))


def build_catalog(
    options: BuildOptions, on_built: Callable[[Built], None] | None = None
) -> BuildResult:
    """Build the requested handouts into options.out; raises before writing if content is bad."""
    from handouts.document import render_handout, write_atomic  # ReportLab only when building
    from handouts.postprocess import check_password, encrypt

    if options.paper not in PAPER_SIZES:
        raise HandoutsError(
            f"unknown paper '{options.paper}'; use one of: {', '.join(PAPER_SIZES)}"
        )
    library = check_content(options.content)
    library.check_names(options.conditions, options.clinic, options.lang)
    check_personal(library, options.personal)
    if options.password is not None:
        check_password(options.password)
    theme = Theme(paper=options.paper)
    if options.large_print:
        theme = theme.large_print()
    slugs = list(dict.fromkeys(options.conditions)) or sorted(library.conditions)
    languages = library.languages if options.lang == "all" else [options.lang]
    base = library.settings.base_language

    result = BuildResult()
    for slug, lang in ((s, lang) for s in slugs for lang in languages):
        handout = replace(library.handout(slug, options.clinic, lang), personal=options.personal)
        rendered = render_handout(handout, theme)
        data = (
            rendered.data if options.password is None else encrypt(rendered.data, options.password)
        )
        suffix = None if lang == base else lang
        name = output_name(
            slug, options.clinic, suffix, options.paper,
            large_print=options.large_print, personal=options.personal is not None,
        )  # fmt: skip
        path = options.out / name
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise HandoutsError(f"cannot write {path}: {exc.strerror or exc}") from None
        built = Built(slug, lang, path, rendered.pages, len(data))
        result.built.append(built)
        if on_built:
            on_built(built)
    if not options.conditions and options.personal is None and options.password is None:
        from handouts.catalog import write_catalog

        result.catalog = write_catalog(options.out, library.brand.name)
    return result


def packet_name(slugs: list[str]) -> str:
    return "packet-" + "-".join(slugs) + ".pdf"


def build_packet(options: BuildOptions, output: Path | None = None) -> Built:
    """Merge several handouts, in one language, into one PDF for a visit."""
    from handouts.document import render_handout, write_atomic
    from handouts.postprocess import PacketPart, check_password, encrypt, merge_packet

    if not options.conditions:
        raise HandoutsError("name the handouts to put in the packet, e.g. migraine aftercare")
    library = check_content(options.content)
    lang = library.settings.base_language if options.lang == "all" else options.lang
    library.check_names(options.conditions, options.clinic, lang)
    check_personal(library, options.personal)
    if options.password is not None:
        check_password(options.password)
    theme = Theme(paper=options.paper)
    if options.large_print:
        theme = theme.large_print()

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
        raise HandoutsError(f"cannot write {path}: {exc.strerror or exc}") from None
    return Built("+".join(slugs), lang, path, pages, len(data))
