"""Planning a build: which documents the options ask for, what each is called, and which shard of
a CI matrix builds it. One job is one PDF: condition × language × paper × edition."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass

from handouts.content.library import Library
from handouts.content.locate import mark_of
from handouts.errors import ContentError
from handouts.options import Options
from handouts.papers import PAPER_SIZES


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


PRIVATE = ("personal", "encrypted")
"""The marks of files that must never share a name with a generic handout."""


def private_mark(options: Options) -> str | None:
    """'personal' for a personalised copy, 'encrypted' for a locked generic one, else None."""
    if options.personal is not None:
        return "personal"
    return "encrypted" if options.password is not None else None


def output_name(
    slug: str,
    clinic: str | None,
    lang: str | None,
    paper: str,
    *,
    large_print: bool = False,
    private: str | None = None,
) -> str:
    """migraine.pdf, migraine-es.pdf, migraine-manhattan-large-a4.pdf: editions never overwrite.

    `lang` is None for the base language, whose files carry no language suffix. A personal
    copy is marked '-personal' and a locked one '-encrypted', and nothing else: no name, date
    or note ever reaches a file name, and neither can take a generic handout's name.
    """
    parts = [
        slug, clinic, lang, "large" if large_print else None,
        paper if paper != "letter" else None, private,
    ]  # fmt: skip
    return "-".join(p for p in parts if p) + ".pdf"


def name_clashes(library: Library) -> list[ContentError]:
    """Two documents the content could make under one file name (a condition slugged
    'neck-pain-north' and the north clinic's edition of 'neck-pain'; a slug ending in '-es' or
    '-a4'): one would silently replace the other. Every combination any build could ask for
    is checked, so the answer does not depend on the options."""
    base = library.settings.base_language
    clinics: list[str | None] = [None, *(loc.slug for loc in library.brand.locations)]
    seen: dict[str, tuple[str, str | None, str]] = {}
    clashes: dict[tuple[str, ...], ContentError] = {}
    for slug in sorted(library.conditions):
        for lang, clinic, paper, large, private in itertools.product(
            library.languages, clinics, PAPER_SIZES, (False, True), (None, *PRIVATE)
        ):
            name = output_name(
                slug, clinic, None if lang == base else lang, paper,
                large_print=large, private=private,
            )  # fmt: skip
            what = _describe(slug, clinic, lang if lang != base else None, paper, large, private)
            first = seen.setdefault(name, (slug, clinic, what))
            if first[2] == what:
                continue
            other_slug, other_clinic, other = first
            if other_slug != slug:  # a slug that looks like another's suffix
                key: tuple[str, ...] = tuple(sorted((other_slug, slug)))
                source = library.condition_files[base, max(key, key=len)]
                at = mark_of(source, "slug")
                fix = f"rename '{max(key, key=len)}'"
                rule = (
                    "(a slug must not end in a clinic's slug, a language code, -large, -a4, "
                    "-personal or -encrypted)"
                )
            else:  # a clinic slug that looks like a language, -large, -a4 …
                clinic_slug = clinic or other_clinic or ""
                key = ("clinic", clinic_slug)
                source = library.sources[0]
                index = [loc.slug for loc in library.brand.locations].index(clinic_slug)
                at = mark_of(source, "locations", index, "slug")
                fix = f"rename the clinic slug '{clinic_slug}'"
                rule = (
                    "(a clinic slug must not be a language code, large, a4, personal or encrypted)"
                )
            if key not in clashes:
                clashes[key] = ContentError(
                    source.display, at.line, at.column,
                    f"{other} and {what} would both be written as {name}; {fix} {rule}",
                )  # fmt: skip
    return list(clashes.values())


def _describe(
    slug: str, clinic: str | None, lang: str | None, paper: str, large: bool, private: str | None
) -> str:
    words = [f"the {clinic} clinic's edition of '{slug}'" if clinic else f"'{slug}'"]
    words += [f"in '{lang}'"] if lang else []
    words += ["in large print"] if large else []
    words += [f"on {paper}"] if paper != "letter" else []
    words += [f"({private} copy)"] if private else []
    return " ".join(words)


def plan_jobs(library: Library, options: Options) -> list[Job]:
    """Every document the options ask for: condition × language × paper × edition."""
    slugs = list(dict.fromkeys(options.conditions)) or sorted(library.conditions)
    languages = library.languages if options.lang == "all" else [options.lang]
    papers = list(library.settings.papers) if options.paper == "all" else [options.paper]
    base = library.settings.base_language
    jobs = []
    for slug in slugs:
        editions: list[str | None] = [options.clinic]
        clinics = [location.slug for location in library.brand.locations]
        if options.clinic is None and library.conditions[slug].per_location and len(clinics) > 1:
            editions += clinics  # (with one clinic, its own edition is the shared one)
        for lang in languages:
            if (lang, slug) in library.withheld:  # a translation it needs is not made yet
                continue
            for paper in papers:
                for clinic in editions:
                    name = output_name(
                        slug, clinic, None if lang == base else lang, paper,
                        large_print=options.large_print, private=private_mark(options),
                    )  # fmt: skip
                    jobs.append(Job(slug, lang, paper, clinic, options.large_print, name))
    if options.shard is not None:
        k, n = options.shard
        jobs = [job for job in jobs if shard_of(job.name, n) == k - 1]
    return jobs


def withheld_copies(library: Library, options: Options) -> list[str]:
    """Why each handout the options ask for is not built in a language: a translation it needs
    is missing or awaiting (content/translations.py). The base language is always built."""
    slugs = list(dict.fromkeys(options.conditions)) or sorted(library.conditions)
    languages = library.languages if options.lang == "all" else [options.lang]
    return [
        library.withheld[lang, slug]
        for slug in slugs
        for lang in languages
        if (lang, slug) in library.withheld
    ]


def shard_of(name: str, shards: int) -> int:
    """A stable shard number (0-based) for an output name: the same on every machine."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % shards
