"""Planning a build: which documents the options ask for, what each is called, and which shard of
a CI matrix builds it. One job is one PDF: condition × language × paper × edition."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from handouts.content.library import Library
from handouts.options import Options


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


def plan_jobs(library: Library, options: Options) -> list[Job]:
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


def shard_of(name: str, shards: int) -> int:
    """A stable shard number (0-based) for an output name: the same on every machine."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % shards
