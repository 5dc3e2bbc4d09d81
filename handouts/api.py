"""The engine's public functions: what the CLI, a web app, a notebook or an EHR integration
call. Each works in memory; only `build_catalog` and `build_packet` write files.

    from handouts import load_library, render_handout
    library = load_library("content")          # every problem at once, or ContentErrors
    pdf = render_handout(library, "migraine", lang="es")
    pdf.data, pdf.pages                         # the PDF's bytes; nothing was written
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from handouts.content.library import Handout, Library
from handouts.content.load import load_library as _load
from handouts.content.marking import Marked
from handouts.content.personal import Personal
from handouts.content.scaffold import Scaffold
from handouts.content.translations import Translation
from handouts.errors import HandoutsError
from handouts.options import ALL, DEFAULT_OPTIONS, check_password
from handouts.papers import PAPER_SIZES
from handouts.render.result import RenderedHandout


def load_library(content: Path | str = DEFAULT_OPTIONS.content) -> Library:
    """Load and check a content folder: every problem in every file is raised together, as
    `ContentErrors` (each one `file:line:col: message`)."""
    return _load(Path(content))


def render_handout(
    library: Library,
    slug: str,
    *,
    lang: str | None = None,
    clinic: str | None = None,
    paper: str | None = None,
    large_print: bool = DEFAULT_OPTIONS.large_print,
    personal: Personal | None = DEFAULT_OPTIONS.personal,
) -> RenderedHandout:
    """One handout as PDF bytes, in memory. `lang` defaults to the base language and `paper`
    to the first one settings.yaml lists; `personal` adds the "Prepared for" box."""
    return _render(library, [slug], lang, clinic, paper, large_print, personal)[0][1]


def make_packet(
    library: Library,
    slugs: Iterable[str],
    *,
    lang: str | None = None,
    clinic: str | None = None,
    paper: str | None = None,
    large_print: bool = DEFAULT_OPTIONS.large_print,
    personal: Personal | None = DEFAULT_OPTIONS.personal,
) -> RenderedHandout:
    """Several handouts, in one language, merged into one tagged PDF with a bookmark and page
    labels per handout, in memory."""
    from handouts.publish.packet import PacketPart, merge_packet

    rendered = _render(library, slugs, lang, clinic, paper, large_print, personal)
    language = library.settings.languages[_language(library, lang)]
    title = f"{language.furniture.packet}: {library.brand.name}"
    parts = [
        PacketPart(handout.condition.title, handout.condition.slug, one.data)
        for handout, one in rendered
    ]
    data = merge_packet(parts, title, language.pdf_lang)
    generic = 0 if personal is None else sum(one.generic_pages or one.pages for _, one in rendered)
    return RenderedHandout(data, sum(one.pages for _, one in rendered), generic_pages=generic)


def update_schemas(
    content: Path | str = DEFAULT_OPTIONS.content, *, check: bool = False
) -> list[Path]:
    """Write the content folder's JSON Schemas (`schemas/*.schema.json`, generated from the
    models) and make line 1 of every content YAML file name its own, for editors; returns the
    files changed. With `check`, write nothing and raise `ContentErrors` naming each schema
    that is out of date and each file without its line."""
    from handouts.content.schema import update_schemas as _update

    return _update(Path(content), check=check)


def new_condition(content: Path | str, slug: str, *, source: str | None = None) -> Scaffold:
    """Write conditions/SLUG.yaml, from the template (TODOs mark the words to write) or a copy
    of condition `source`, and one file per other language awaiting translation; nothing if
    the slug is not new and valid (`HandoutsError`). `.lines()` says what was written and
    what to do next."""
    from handouts.content.scaffold import new_condition as _new

    return _new(Path(content), slug, source)


def new_block(content: Path | str, block_id: str, *, source: str | None = None) -> Scaffold:
    """Write blocks/ID.yaml and its translations, as `new_condition` does for a condition."""
    from handouts.content.scaffold import new_block as _new

    return _new(Path(content), block_id, source)


def translation_states(library: Library, lang: str | None = None) -> list[Translation]:
    """Every translation (each block, condition and brand.yaml's words, per language) and its
    state: current, stale, awaiting, missing or unrecorded (content/translations.py)."""
    return [each for each in library.translations if lang in (None, ALL, each.lang)]


def mark_translated(
    content: Path | str, names: Iterable[str], *, lang: str | None = None
) -> list[Marked]:
    """Record in each named translation (a block id, a condition slug, 'brand', or 'all' for
    every stale and unrecorded one) that it is made from its original's current text: its
    `translated_from:` line, the only byte changed. Every name is checked first."""
    from handouts.content.marking import mark_translated as _mark

    return _mark(Path(content), list(names), None if lang == ALL else lang)


def encrypt(data: bytes, password: str) -> bytes:
    """AES-256 with an open password (at least 8 characters); printing, copying (which
    screen readers need) and filling in forms stay allowed."""
    from handouts.publish.encrypt import encrypt as _encrypt

    return _encrypt(data, password)


def _language(library: Library, lang: str | None) -> str:
    return library.settings.base_language if lang in (None, ALL) else str(lang)


def _paper(library: Library, paper: str | None) -> str:
    chosen = library.settings.papers[0] if paper in (None, ALL) else str(paper)
    if chosen not in PAPER_SIZES:
        raise HandoutsError(f"unknown paper '{chosen}'; use one of: {', '.join(PAPER_SIZES)}")
    return chosen


def _render(
    library: Library,
    slugs: Iterable[str],
    lang: str | None,
    clinic: str | None,
    paper: str | None,
    large_print: bool,
    personal: Personal | None,
) -> list[tuple[Handout, RenderedHandout]]:
    """Check what these handouts need, then render each (in order, each once; a personal copy
    on as many pages as its generic copy)."""
    from handouts.render.copyfit import render_fitted
    from handouts.render.preflight import check_personal, check_renderable
    from handouts.render.theme import Theme

    wanted = list(dict.fromkeys(slugs))
    if not wanted:
        raise HandoutsError("name the handouts to put in the packet, e.g. migraine aftercare")
    language = _language(library, lang)
    library.check_names(wanted, clinic, language)
    theme = Theme.for_paper(_paper(library, paper), large_print=large_print)
    check_renderable(library, wanted)
    check_personal(library, personal)
    rendered = []
    for slug in wanted:
        handout = replace(library.handout(slug, clinic, language), personal=personal)
        rendered.append((handout, render_fitted(handout, theme)))
    return rendered


__all__ = [
    "check_password", "encrypt", "load_library", "make_packet", "mark_translated", "new_block",
    "new_condition", "render_handout", "translation_states", "update_schemas",
]  # fmt: skip
