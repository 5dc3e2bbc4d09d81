"""The whole job, for the CLI and for tests: check the content, render each handout, write it.

Nothing is written until all content has passed validation, and each PDF is written atomically,
so a bad edit never leaves a partial file and never replaces a good one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import ContentErrors, HandoutsError
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


def output_name(slug: str, clinic: str | None, lang: str | None, paper: str) -> str:
    """migraine.pdf, migraine-es.pdf, migraine-manhattan-a4.pdf: editions never overwrite.

    `lang` is None for the base language, whose files carry no language suffix.
    """
    parts = [slug, clinic, lang, paper if paper != "letter" else None]
    return "-".join(p for p in parts if p) + ".pdf"


def check_content(content: Path) -> Library:
    """Every check that needs no PDF: shapes, references, colours, fonts, characters."""
    library = load_library(content)
    problems = check_characters(library) + check_pictures(library)
    if problems:
        raise ContentErrors(problems)
    return library


def build_catalog(
    options: BuildOptions, on_built: Callable[[Built], None] | None = None
) -> BuildResult:
    """Build the requested handouts into options.out; raises before writing if content is bad."""
    from handouts.document import render_handout, write_atomic  # ReportLab only when building

    if options.paper not in PAPER_SIZES:
        raise HandoutsError(
            f"unknown paper '{options.paper}'; use one of: {', '.join(PAPER_SIZES)}"
        )
    library = check_content(options.content)
    library.check_names(options.conditions, options.clinic, options.lang)
    theme = Theme(paper=options.paper)
    slugs = list(dict.fromkeys(options.conditions)) or sorted(library.conditions)
    languages = library.languages if options.lang == "all" else [options.lang]
    base = library.settings.base_language

    result = BuildResult()
    for slug, lang in ((s, lang) for s in slugs for lang in languages):
        rendered = render_handout(library.handout(slug, options.clinic, lang), theme)
        suffix = None if lang == base else lang
        path = options.out / output_name(slug, options.clinic, suffix, options.paper)
        try:
            write_atomic(path, rendered.data)
        except OSError as exc:
            raise HandoutsError(f"cannot write {path}: {exc.strerror or exc}") from None
        built = Built(slug, lang, path, rendered.pages, len(rendered.data))
        result.built.append(built)
        if on_built:
            on_built(built)
    return result
