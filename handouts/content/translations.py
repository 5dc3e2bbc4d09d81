"""Translation state: which text of its base-language file each translation was made from.

A translation file (`<name>.<lang>.yaml` in blocks/ or conditions/, `brand.<lang>.yaml`) may
say at its top `translated_from:`, and is in one of these states:

- *current*: `translated_from` is the hash of the base file's text as it is now;
- *stale*: the hash of an older text: the base was edited since (printed all the same; `check`
  warns, `check --strict` fails);
- *unrecorded*: no `translated_from` (printed; a warning, a strict error);
- *awaiting*: `translated_from: awaiting`, as `handouts new` writes it: the file holds the base
  text as a placeholder and is never printed (a warning, a strict error);
- *missing*: no file (nothing printed in that language; a warning, a strict error);
- *copy*: the same words as the base file without `awaiting` (English words in a Spanish file):
  an error always.

A handout is printed in a language only when its condition, every shared block it uses and the
brand's words exist there and are neither awaiting nor missing (`withhold`); the base-language
copy is always printed, so an English draft previews before its translation exists.

The hash is the first 12 hex digits of the sha256 of the base file's canonical reader-visible
text: what a clinician's sign-off covers (signoff.py: runs of white space are one space, so
comments, quoting and line wrapping change nothing), for a condition file also its keywords and
its blocks in order (each one written inline with its own text), for brand.<lang>.yaml the
brand words it translates (tagline, wording). `handouts translations --done NAME --lang LANG`
writes it, editing only that line (marking.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from handouts.content.checks import file_display
from handouts.content.fields import AWAITING
from handouts.content.loader import Mark, MarkedDict, MarkedList, SourceFile
from handouts.content.models import Block, Brand, BrandTranslation, Condition, Settings
from handouts.content.signoff import canonical_text
from handouts.errors import ContentError

if TYPE_CHECKING:
    from handouts.content.library import Library

HASH_DIGITS = 12
_VERSION = "handouts translation 1\n"
"""Hashed first, so a future canonical form can tell its hashes from these."""
DONE_HINT = "handouts translations --done NAME --lang LANG"


class Status(StrEnum):
    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"
    AWAITING = "awaiting"
    UNRECORDED = "unrecorded"
    COPY = "copy"


UNPRINTED = (Status.MISSING, Status.AWAITING, Status.COPY)
"""A translation in one of these states never reaches a PDF."""

Item = Block | Condition | Brand | BrandTranslation


def source_text(item: Item) -> Any:
    """What a translation of this file covers (or, for a translation, what it says), as
    canonical plain data: equal for two files with the same words."""
    if isinstance(item, Block):
        return canonical_text(item)
    if isinstance(item, Condition):
        blocks = [
            {"id": entry.id, **canonical_text(entry)} if isinstance(entry, Block) else entry
            for entry in item.blocks
        ]
        keywords = [" ".join(word.split()) for word in item.keywords]
        return {**canonical_text(item), "keywords": keywords, "blocks": blocks}
    names = [name for name in BrandTranslation.model_fields if name != "translated_from"]
    return _spaced({name: _plain(getattr(item, name, None)) for name in names})


def _plain(value: Any) -> Any:
    return (
        value.model_dump(mode="json", exclude_none=True) if isinstance(value, BaseModel) else value
    )


def _spaced(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {key: _spaced(item) for key, item in value.items() if item not in (None, {}, [])}
    return [_spaced(item) for item in value] if isinstance(value, list) else value


def source_hash(item: Item) -> str:
    """The 12 hex digits a translation of `item` records in `translated_from`."""
    data = json.dumps(source_text(item), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256((_VERSION + data).encode("utf-8")).hexdigest()[:HASH_DIGITS]


@dataclass(frozen=True)
class Translation:
    """One translation (a file, or where it belongs) and its state."""

    kind: str
    """'block', 'condition' or 'brand'."""
    name: str
    lang: str
    language: str
    """Its language's name in messages: 'Spanish (es)'."""
    status: Status
    path: Path
    display: str
    base_display: str
    at: Mark
    """Where a message points: its `translated_from` line; for a missing file, the base's."""
    base_hash: str
    """What `translated_from` must say for the translation to be current."""
    base_revised: dt.date | None = None
    retranslated: bool = False
    """Awaiting, but its words already differ from the base's: translated, not yet marked."""
    short: bool = True
    """Its name alone says which file it is: no block and condition share it."""

    @property
    def qualified(self) -> str:
        """The name `--done` takes: 'care', or 'block:care' where a condition is also 'care'."""
        return self.name if self.short or self.kind == "brand" else f"{self.kind}:{self.name}"

    @property
    def what(self) -> str:
        if self.kind == "brand":
            return "the brand's words (tagline, wording)"
        return f"{'handout' if self.kind == 'condition' else 'block'} '{self.name}'"

    @property
    def reason(self) -> str:
        """Why a handout that needs it is not printed in its language."""
        if self.status is Status.MISSING:
            return f"{self.display} does not exist"
        if self.status is Status.AWAITING:
            return f"{self.display} awaits translation (translated_from: awaiting)"
        return f"{self.display} has the words of {self.base_display}"

    def finding(self) -> ContentError:
        """What `check` says of it (nothing is wrong with a current one)."""
        done = f"handouts translations --done {self.qualified} --lang {self.lang}"
        unprinted = {
            "brand": f"no {self.language} handout is printed",
            "block": f"the {self.language} handouts that use it are not printed",
            "condition": f"its {self.language} copy is not printed",
        }[self.kind]
        revised = f" (revised {self.base_revised})" if self.base_revised else ""
        has = "have" if self.kind == "brand" else "has"
        this = f"this {self.language} translation"
        message = {
            Status.CURRENT: f"{this} is made from the current text of {self.base_display}",
            Status.MISSING: f"{self.what} {has} no {self.language} translation, so {unprinted}: "
            f"add {self.display}",
            Status.AWAITING: f"this file awaits its {self.language} translation (translated_from: "
            f"awaiting), so {unprinted}; translate it, then run: {done}"
            + (" (its words already differ from the original's)" if self.retranslated else ""),
            Status.STALE: f"{this} was made from an older text of {self.base_display}{revised}: "
            f"update it, then run: {done}",
            Status.UNRECORDED: f"{this} does not record which text of {self.base_display} it "
            f"translates: check that it says what that file says now, then run: {done}",
            Status.COPY: f"{this} has the same words as {self.base_display}: translate them, or "
            "write 'translated_from: awaiting' until they are translated",
        }[self.status]
        where = self.base_display if self.status is Status.MISSING else self.display
        return ContentError(where, self.at.line, self.at.column, message)


# ---- assessing a loaded folder (load.py) ---------------------------------------------------


def _key_mark(source: SourceFile, keys: Sequence[str]) -> Mark:
    data = source.data
    if isinstance(data, MarkedDict):
        for key in keys:
            if key in data.key_marks:
                return data.key_marks[key]
        return data.mark
    return Mark(1, 1)


def _inline_marks(source: SourceFile) -> list[Mark]:
    """Where an inline block of a condition file says `translated_from` (it must not)."""
    data = source.data
    entries = data.get("blocks") if isinstance(data, MarkedDict) else None
    return [
        entry.key_marks["translated_from"]
        for entry in (entries if isinstance(entries, MarkedList) else [])
        if isinstance(entry, MarkedDict) and "translated_from" in entry.key_marks
    ]


def _misplaced(
    base_files: Iterable[SourceFile], every_file: Iterable[SourceFile], base: str
) -> list[ContentError]:
    errors = []
    for source in base_files:
        data = source.data
        if isinstance(data, MarkedDict) and "translated_from" in data.key_marks:
            mark = data.key_marks["translated_from"]
            message = (
                f"this file is in the base language ({base}), not a translation: remove "
                "translated_from (it belongs in its translations, name.<lang>.yaml)"
            )
            errors.append(ContentError(source.display, mark.line, mark.column, message))
    for source in every_file:
        for mark in _inline_marks(source):
            message = (
                "translated_from goes at the top of the file, for the whole file, not in a "
                "block written inline"
            )
            errors.append(ContentError(source.display, mark.line, mark.column, message))
    return errors


def _state(
    kind: str, name: str, lang: str, language: str, base_item: Item, base_source: SourceFile,
    found: tuple[Item, SourceFile] | None, target: Path, short: bool,
) -> Translation:  # fmt: skip
    revised = getattr(base_item, "revised", None)
    base_hash = source_hash(base_item)
    common: dict[str, Any] = {
        "kind": kind, "name": name, "lang": lang, "language": language,
        "base_display": base_source.display, "base_hash": base_hash, "base_revised": revised,
        "short": short,
    }  # fmt: skip
    if found is None:
        at = _key_mark(base_source, ("id", "slug", "tagline"))
        return Translation(
            status=Status.MISSING, path=target, display=file_display(target), at=at, **common
        )
    item, source = found
    recorded = getattr(item, "translated_from", None)
    same = source_text(item) == source_text(base_item)
    if recorded == AWAITING:
        status = Status.AWAITING
    elif same:
        status = Status.COPY
    elif recorded is None:
        status = Status.UNRECORDED
    else:
        status = Status.CURRENT if recorded == base_hash else Status.STALE
    at = _key_mark(source, ("translated_from", "id", "slug", "tagline"))
    return Translation(
        status=status, path=source.path, display=source.display, at=at,
        retranslated=status is Status.AWAITING and not same, **common,
    )  # fmt: skip


def assess(
    settings: Settings,
    brand: tuple[Brand | None, SourceFile | None],
    brand_translations: dict[str, tuple[BrandTranslation, SourceFile]],
    blocks: dict[str, dict[str, Block]],
    block_files: dict[tuple[str, str], SourceFile],
    conditions: dict[str, dict[str, Condition]],
    condition_files: dict[tuple[str, str], SourceFile],
) -> tuple[list[Translation], list[ContentError]]:
    """Every translation's state, and the problems: copies, and `translated_from` where it
    does not belong (a base-language file, a block written inline)."""
    base = settings.base_language
    found: list[Translation] = []
    both = set(blocks[base]) & set(conditions[base])
    for lang, language in settings.languages.items():
        if lang == base:
            continue
        named = f"{language.name} ({lang})"
        brand_item, brand_source = brand
        if brand_item is not None and brand_source is not None and _has_words(brand_item):
            target = brand_source.path.with_name(f"brand.{lang}.yaml")
            found.append(
                _state("brand", "brand", lang, named, brand_item, brand_source,
                       brand_translations.get(lang), target, True)
            )  # fmt: skip
        groups: list[tuple[str, dict[str, dict[str, Any]], dict[tuple[str, str], SourceFile]]] = [
            ("block", blocks, block_files), ("condition", conditions, condition_files),
        ]  # fmt: skip
        for kind, items, files in groups:
            for name, item in sorted(items[base].items()):
                source = files[base, name]
                target = source.path.with_name(f"{source.path.stem}.{lang}.yaml")
                translated = items[lang].get(name)
                pair = (translated, files[lang, name]) if translated is not None else None
                found.append(
                    _state(kind, name, lang, named, item, source, pair, target, name not in both)
                )
    errors = [t.finding() for t in found if t.status is Status.COPY]
    base_files = [s for (lang, _), s in [*block_files.items(), *condition_files.items()]
                  if lang == base]  # fmt: skip
    errors += _misplaced(base_files, condition_files.values(), base)
    return found, errors


def _has_words(brand: Brand) -> bool:
    return bool(source_text(brand))


def withhold(
    found: list[Translation],
    base: str,
    blocks: dict[str, dict[str, Block]],
    block_files: dict[tuple[str, str], SourceFile],
    conditions: dict[str, dict[str, Condition]],
    condition_files: dict[tuple[str, str], SourceFile],
    sources: list[SourceFile],
) -> dict[tuple[str, str], str]:
    """Take out of the loaded content every translation that must not be printed, and every
    handout that needs one; returns (language, slug) -> why that copy is not printed."""
    unprinted = {(t.kind, t.name, t.lang): t for t in found if t.status in UNPRINTED}
    dropped: set[int] = set()
    for kind, name, lang in unprinted:
        if kind == "block" and (lang, name) in block_files:
            blocks[lang].pop(name)
            dropped.add(id(block_files.pop((lang, name))))
    withheld: dict[tuple[str, str], str] = {}
    for slug, condition in sorted(conditions[base].items()):
        for lang in conditions:
            needs = [
                ("brand", "brand"),
                ("condition", slug),
                *(("block", b) for b in condition.block_ids),
            ]
            why = next((unprinted[k, n, lang] for k, n in needs if (k, n, lang) in unprinted), None)
            if lang == base or why is None:
                continue
            language = why.language
            withheld[lang, slug] = f"'{slug}' is not printed in {language}: {why.reason}"
            conditions[lang].pop(slug, None)
            if (lang, slug) in condition_files:
                dropped.add(id(condition_files.pop((lang, slug))))
    sources[:] = [source for source in sources if id(source) not in dropped]
    return withheld


# ---- what check and the translations command say ---------------------------------------------


def translation_findings(library: Library) -> list[ContentError]:
    """A located warning (with `check --strict`, an error) per translation not current."""
    return [t.finding() for t in library.translations if t.status is not Status.CURRENT]


def counts_line(library: Library) -> str:
    """'translations: 17 current, 0 stale, 0 missing' (and any awaiting or unrecorded)."""
    if not library.translations:
        return ""
    count = {status: 0 for status in Status}
    for each in library.translations:
        count[each.status] += 1
    shown = [Status.CURRENT, Status.STALE, Status.MISSING]
    shown += [s for s in (Status.AWAITING, Status.UNRECORDED) if count[s]]
    return "translations: " + ", ".join(f"{count[s]} {s}" for s in shown)


def listing(library: Library, lang: str | None = None) -> list[str]:
    """What `handouts translations` prints: every translation and its state, then what to do."""
    chosen = [t for t in library.translations if lang in (None, t.lang)]
    if not chosen:
        return [f"no translations: settings.yaml lists one language ({library.languages[0]})"]
    width = max(len(t.qualified) for t in chosen) + 2
    lines = [f"{'name':<{width}}{'kind':<11}{'lang':<6}{'state':<12}file"]
    lines += [
        f"{t.qualified:<{width}}{t.kind:<11}{t.lang:<6}{t.status:<12}{t.display}" for t in chosen
    ]
    todo = [t.finding() for t in chosen if t.status is not Status.CURRENT]
    lines += ["", *map(str, todo)] if todo else []
    return [*lines, "", counts_line(library)]
