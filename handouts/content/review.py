"""What awaits a clinician's sign-off: every block and every condition's own title and message,
in every language, located in its file (`handouts review`, and `handouts check`'s warning or,
with --strict, its errors). What a sign-off is and when it holds: signoff.py.

Each text is named the way `handouts review --sign` takes it: a block by its id, a condition's
title and message by the condition's slug. Where a name is not unique (two handouts with an
inline block of the same id, a block named like a condition), the longer form names one:
`block:ID` (a shared block), `SLUG/ID` (a block written inline in condition SLUG),
`condition:SLUG` (its title and message).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from handouts.content.library import Library
from handouts.content.loader import Mark, MarkedDict, MarkedList, SourceFile
from handouts.content.models import Block, Condition
from handouts.content.signoff import Signable, State, state, why_not_signed
from handouts.errors import ContentError

SIGN_HINT = 'handouts review --sign ID --lang LANG --by "Name, MD"'


@dataclass(frozen=True)
class Reviewable:
    """One text a clinician signs: a block, or a condition's title and message, in one language."""

    item: Signable
    lang: str
    source: SourceFile
    mark: Mark
    """Where its sign-off is (or goes): the `reviewed_by` line, else where the text starts."""
    holder: str | None = None
    """For a block written inline in a condition: that condition's slug."""

    @property
    def key(self) -> tuple[str, str | None, str, str]:
        """(language, holder, kind, name): the same text, however often it is looked up."""
        kind = "block" if isinstance(self.item, Block) else "condition"
        return self.lang, self.holder, kind, self.name

    @property
    def name(self) -> str:
        """Its short name: a block's id, a condition's slug."""
        return self.item.id if isinstance(self.item, Block) else self.item.slug

    @property
    def qualified(self) -> str:
        """A name no other text in its language has."""
        if isinstance(self.item, Condition):
            return f"condition:{self.item.slug}"
        return f"{self.holder}/{self.item.id}" if self.holder else f"block:{self.item.id}"

    @property
    def what(self) -> str:
        if isinstance(self.item, Condition):
            return f"the title and message of '{self.item.slug}' ({self.lang})"
        return f"block '{self.item.id}' ({self.lang})"

    @property
    def state(self) -> State:
        return state(self.item)

    def problem(self, name: str | None = None) -> ContentError:
        """Why it is not signed, located, with the command that signs it."""
        why = why_not_signed(self.item)
        command = f'handouts review --sign {name or self.name} --lang {self.lang} --by "Name, MD"'
        return ContentError(
            self.source.display, self.mark.line, self.mark.column, f"{self.what}: {why} ({command})"
        )


def signoff_mark(data: object, fallback: Mark | None = None) -> Mark:
    """Where a block's or condition's sign-off is written in its file's data."""
    if isinstance(data, MarkedDict):
        for key in ("reviewed_by", "reviewed_on", "reviewed_text", "title", "id", "slug"):
            if key in data.key_marks:
                return data.key_marks[key]
        return data.mark
    return fallback or Mark(1, 1)


def in_file(item: Signable, lang: str, source: SourceFile, holder: str | None = None) -> Reviewable:
    """A condition, a shared block, or (with `holder`) a block inline in that condition."""
    data = source.data
    if holder is not None and isinstance(item, Block):
        entries = data.get("blocks") if isinstance(data, MarkedDict) else None
        if isinstance(entries, MarkedList):
            for entry, mark in zip(entries, entries.item_marks, strict=True):
                if isinstance(entry, MarkedDict) and entry.get("id") == item.id:
                    return Reviewable(item, lang, source, signoff_mark(entry, mark), holder)
    return Reviewable(item, lang, source, signoff_mark(data), holder)


def in_condition_file(condition: Condition, lang: str, source: SourceFile) -> Iterator[Reviewable]:
    """A condition's title and message, then each block written inline in it."""
    yield in_file(condition, lang, source)
    for entry in condition.blocks:
        if isinstance(entry, Block):
            yield in_file(entry, lang, source, condition.slug)


def reviewables(library: Library, lang: str | None = None) -> list[Reviewable]:
    """Every text to sign, each once: the conditions' (with their inline blocks), then the
    shared blocks, per language."""
    found: list[Reviewable] = []
    for each in [lang] if lang else library.languages:
        for slug, condition in sorted(library.conditions_by_lang[each].items()):
            found += in_condition_file(condition, each, library.condition_files[each, slug])
        for block_id, block in sorted(library.blocks_by_lang[each].items()):
            found.append(in_file(block, each, library.block_files[each, block_id]))
    return found


def unsigned(library: Library, lang: str | None = None) -> list[Reviewable]:
    """Every text without a sign-off that matches it: not signed, incomplete, or changed since."""
    return [each for each in reviewables(library, lang) if each.state is not State.SIGNED]


def names(items: Iterable[Reviewable]) -> dict[tuple[str, str | None, str, str], str]:
    """The name to sign each by (by its key): its short name, or the longer one where that is
    not unique in its language."""
    items = list(items)
    count = Counter((each.lang, each.name) for each in items)
    return {
        each.key: each.name if count[each.lang, each.name] == 1 else each.qualified
        for each in items
    }


def signoff_errors(library: Library) -> list[ContentError]:
    """One located error per text awaiting sign-off (`handouts check --strict`)."""
    every = reviewables(library)
    named = names(every)
    return [each.problem(named[each.key]) for each in every if each.state is not State.SIGNED]


def drafts(library: Library) -> list[tuple[str, str]]:
    """(slug, language) of every handout marked as a draft."""
    return [
        (handout.condition.slug, lang)
        for lang in library.languages
        for handout in library.handouts(lang)
        if handout.draft
    ]


def warning_lines(library: Library, waiting: list[Reviewable]) -> list[str]:
    """What plain `handouts check` says: a count, and each sign-off an edit has voided."""
    if not waiting:
        return []
    total = len(library.conditions) * len(library.languages) - len(library.withheld)
    lines = [
        f"warning: {len(waiting)} texts await a clinician's sign-off, so "
        f"{len(drafts(library))} of {total} handouts are marked as drafts; run handouts review "
        "to list them"
    ]
    named = names(reviewables(library))
    voided = [each for each in waiting if each.state is State.CHANGED]
    if voided:
        lines.append(f"warning: {len(voided)} sign-offs no longer match their text:")
        lines += [f"  {each.problem(named.get(each.key))}" for each in voided]
    return [*lines, ""]


def review_lines(library: Library, lang: str | None = None) -> list[str]:
    """What `handouts review` prints: per handout and language, each text awaiting sign-off."""
    every = reviewables(library)
    named = names(every)
    by_key = {each.key: each for each in every}
    waiting: set[tuple[str, str | None, str, str]] = set()
    width = max([len(name) for name in named.values()] + [10]) + 2
    lines = []
    for slug in sorted(library.conditions):
        for each_lang in [lang] if lang else library.languages:
            if (each_lang, slug) in library.withheld:  # not printed: nothing to sign yet
                continue
            handout = library.handout(slug, lang=each_lang)
            texts = [by_key[each_lang, None, "condition", slug]]
            for entry in handout.condition.blocks:
                inline = isinstance(entry, Block)
                block_id = entry.id if isinstance(entry, Block) else entry
                texts.append(by_key[each_lang, slug if inline else None, "block", block_id])
            pending = [each for each in texts if each.state is not State.SIGNED]
            waiting.update(each.key for each in pending)
            if not pending:
                lines.append(f"{slug} ({each_lang}): every text signed off")
                continue
            lines.append(f"{slug} ({each_lang}): {len(pending)} of {len(texts)} texts to sign")
            for each in pending:
                kind = "title and message" if isinstance(each.item, Condition) else "block"
                where = f"{each.source.display}:{each.mark.line}"
                lines.append(f"  {named[each.key]:<{width}}{kind:<19}{each.state:<22}{where}")
    if not waiting:
        where = f" in {lang}" if lang else ""
        return [*lines, "", f"Every text{where} is signed off: no handout{where} is a draft."]
    return [
        *lines,
        "",
        f"{len(waiting)} texts to sign (a shared block is signed once for every handout using "
        "it). Read each, in its file or its PDF, then sign it:",
        f"  {SIGN_HINT}",
    ]
