"""The validated content, as the rest of the engine sees it: a `Library` of every language's
blocks and conditions, and the `Handout` it resolves for one condition, language and clinic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.content.fonts import FontFamily
from handouts.content.inherit import find, origin
from handouts.content.loader import SourceFile
from handouts.content.locate import mark_of
from handouts.content.models import Block, Brand, Condition, Language, Location, Settings
from handouts.content.personal import Personal
from handouts.content.signoff import is_signed
from handouts.content.wording import Wording
from handouts.errors import ContentError, HandoutsError, did_you_mean, display_path

if TYPE_CHECKING:
    from handouts.content.translations import Translation


@dataclass(frozen=True)
class Handout:
    """Everything needed to lay out one handout: content resolved, language and clinics chosen."""

    condition: Condition
    blocks: tuple[Block, ...]
    brand: Brand
    locations: tuple[Location, ...]
    font: FontFamily
    logo: Path | None
    lang: str
    language: Language
    tagline: str | None
    personal: Personal | None = None
    """Set only for a personalised copy; its text appears on page 1 and nowhere else."""
    root: Path = Path("content")
    """The content folder, where figures' image paths start."""
    origins: tuple[tuple[str, ContentError], ...] = ()
    """(block id, where it is written), and ("", where the title and message are), so a
    problem found only while laying out can still name the file and line."""
    base_folder: Path | None = None
    """The base folder a clinic's folder inherits (figures not in `root` are there)."""
    wording: Wording = field(default_factory=Wording)
    """The brand's wording in this language (brand.yaml's, or brand.<lang>.yaml's)."""

    @property
    def call_label(self) -> str:
        """The footer's words before the phone numbers: the brand's `call` wording for as
        many clinics as this copy lists, else settings.yaml's (the same for any number)."""
        return self.wording.pick("call", len(self.locations)) or self.language.furniture.call

    def contacts_intro(self, own: str | None) -> str | None:
        """The sentence above the clinic cards: the brand's `contacts` wording for as many
        clinics as this copy lists, else the contacts part's own sentence (`own`)."""
        return self.wording.pick("contacts", len(self.locations)) or own

    def origin(self, block_id: str) -> ContentError:
        """Where a block (or, for '', the handout's own title and message) is written."""
        found = dict(self.origins)
        return found.get(block_id) or found.get("") or ContentError("content", 0, 0, "")

    @property
    def search_text(self) -> str:
        """Every word a reader meets in this handout, once each, in order of first use: the
        title, the key message, then each block's heading and its parts' own text."""
        from handouts.content.markup import plain

        texts = [self.condition.title, self.condition.message]
        for block in self.blocks:
            texts.append(block.heading)
            texts += [text for part in block.body for text in part.texts()]
        words = (word.strip(".,;:!?¿¡()\"'“”«»") for text in texts for word in plain(text).split())
        return " ".join(dict.fromkeys(word.lower() for word in words if word))

    @property
    def revised(self) -> dt.date:
        """The newest revision date among the condition and its blocks."""
        return max([self.condition.revised, *(b.revised for b in self.blocks)])

    @property
    def draft(self) -> bool:
        """Some of its text (a block, or the title and message) has no clinician's sign-off
        that still matches it: every page's footer and its catalog card say so."""
        return not (is_signed(self.condition) and all(map(is_signed, self.blocks)))

    @property
    def draft_label(self) -> str:
        """The words that mark it as a draft, in its language; '' once every text is signed."""
        return self.language.furniture.draft if self.draft else ""


@dataclass(frozen=True)
class Library:
    """All validated content of one content folder, in every configured language."""

    root: Path
    settings: Settings
    brand: Brand
    blocks_by_lang: dict[str, dict[str, Block]]
    conditions_by_lang: dict[str, dict[str, Condition]]
    taglines: dict[str, str | None]
    font: FontFamily
    logo: Path | None
    sources: tuple[SourceFile, ...]
    """The files the content came from, for checks that point back into them."""
    block_files: dict[tuple[str, str], SourceFile]
    """(language, shared block id) -> the file that defines it."""
    condition_files: dict[tuple[str, str], SourceFile]
    """(language, condition slug) -> the file that defines it."""
    base_folder: Path | None = None
    """The base folder a clinic's folder inherits (brand.yaml's `inherits:`), resolved."""
    wordings: dict[str, Wording] = field(default_factory=dict)
    """Language -> the brand's wording in it."""
    translations: tuple[Translation, ...] = ()
    """Every translation (file, or where one belongs) and its state (content/translations.py)."""
    withheld: dict[tuple[str, str], str] = field(default_factory=dict)
    """(language, slug) -> why that handout is not printed in that language yet (a translation
    it needs is missing or awaiting); none of the content above includes it."""

    def find(self, relative: str) -> Path:
        """A content file by its path in the folder: the clinic's own, else the base's."""
        return find(relative, self.root, self.base_folder)

    @property
    def languages(self) -> list[str]:
        return list(self.settings.languages)

    @property
    def blocks(self) -> dict[str, Block]:
        """Shared blocks in the base language."""
        return self.blocks_by_lang[self.settings.base_language]

    @property
    def conditions(self) -> dict[str, Condition]:
        """Conditions in the base language."""
        return self.conditions_by_lang[self.settings.base_language]

    def handout(self, slug: str, clinic: str | None = None, lang: str | None = None) -> Handout:
        lang = lang or self.settings.base_language
        if (lang, slug) in self.withheld:
            raise HandoutsError(f"{self.withheld[lang, slug]}; handouts translations lists them")
        condition = self.conditions_by_lang[lang][slug]
        shared = self.blocks_by_lang[lang]
        blocks = tuple(
            entry if isinstance(entry, Block) else shared[entry] for entry in condition.blocks
        )
        locations = tuple(
            loc for loc in self.brand.locations if clinic is None or loc.slug == clinic
        )
        source = self.condition_files[lang, slug]
        origins = [("", _at(source, "message"))]
        for index, entry in enumerate(condition.blocks):
            if isinstance(entry, Block):
                origins.append((entry.id, _at(source, "blocks", index)))
            else:
                origins.append((entry, _at(self.block_files[lang, entry], "id")))
        return Handout(
            condition, blocks, self.brand, locations, self.font, self.logo,
            lang, self.settings.languages[lang], self.taglines[lang], None, self.root,
            tuple(origins), self.base_folder, self.wordings.get(lang, Wording()),
        )  # fmt: skip

    def check_names(
        self,
        conditions: Iterable[str],
        clinic: str | None,
        lang: str | None = None,
        *,
        private: bool = False,
    ) -> None:
        """Refuse names the content does not define, suggesting the nearest one. `private`
        (a patient's details were given): never repeat a handout name typed on the command
        line, which may be part of an unquoted patient name."""
        for position, slug in enumerate(conditions, start=1):
            if slug in self.conditions:
                continue
            if private:
                raise HandoutsError(
                    f"handout name number {position} is not a condition; `handouts list` shows "
                    "them (the name is not repeated because a patient's details were given: "
                    "put the patient's name in quotes)"
                )
            hint = did_you_mean(slug, self.conditions, style="clause")
            raise HandoutsError(
                f"unknown condition '{slug}'{hint or '; handouts list shows them all'}"
            )
        clinics = [loc.slug for loc in self.brand.locations]
        if clinic is not None and clinic not in clinics:
            raise HandoutsError(
                f"unknown clinic '{clinic}'{did_you_mean(clinic, clinics, style='clause')} "
                f"(the clinics are: {', '.join(clinics)})"
            )
        if lang is not None and lang != "all" and lang not in self.languages:
            raise HandoutsError(
                f"unknown language '{lang}'{did_you_mean(lang, self.languages, style='clause')} "
                f"(the languages are: {', '.join(self.languages)}, or all)"
            )

    def all_blocks(self) -> Iterator[tuple[str, SourceFile, Block]]:
        """Every block of every language, shared or inline: (language, its file, block)."""
        for (lang, block_id), source in self.block_files.items():
            yield lang, source, self.blocks_by_lang[lang][block_id]
        for (lang, slug), source in self.condition_files.items():
            for entry in self.conditions_by_lang[lang][slug].blocks:
                if isinstance(entry, Block):
                    yield lang, source, entry

    def handouts(self, lang: str) -> Iterator[Handout]:
        """Every condition's handout in one language, by slug."""
        for slug in sorted(self.conditions_by_lang[lang]):
            yield self.handout(slug, lang=lang)

    def listing(self) -> list[str]:
        """What `handouts list` prints: conditions, shared blocks and clinics; for a clinic's
        folder that inherits, where each comes from (own, overriding or inherited)."""
        width = max(len(s) for s in [*self.conditions, *self.blocks, "x"]) + 2
        lines = []
        if self.base_folder is not None:
            settings = origin(self.find("settings.yaml"), self.root, self.base_folder)
            lines += [f"Inherits from: {display_path(self.base_folder)}"]
            lines += [f"Settings: {settings}"] if self.find("settings.yaml").exists() else []
        lines += ["Conditions:"]
        for slug, condition in sorted(self.conditions.items()):
            where = self._origins(self.condition_files, slug)
            lines.append(f"  {slug:<{width}}{condition.title}{where}")
        lines.append("Shared blocks:")
        for block_id, block in sorted(self.blocks.items()):
            users = [s for s, c in self.conditions.items() if block_id in c.blocks]
            where = self._origins(self.block_files, block_id).replace("  (", "; ", 1)
            lines.append(
                f"  {block_id:<{width}}{block.heading}  (used by {len(users)}{where or ')'}"
            )
        lines.append("Clinics:")
        for location in self.brand.locations:
            lines.append(f"  {location.slug:<{width}}{location.name}  {location.phone}")
        return lines

    def _origins(self, files: dict[tuple[str, str], SourceFile], name: str) -> str:
        """'  (own)', '  (inherited from content)', or per language when they differ:
        '  (en: overrides content/blocks/x.yaml; es: inherited from content)'."""
        if self.base_folder is None:
            return ""
        found = {
            lang: origin(files[lang, name].path, self.root, self.base_folder)
            for lang in self.languages
            if (lang, name) in files
        }
        if len(set(found.values())) == 1:
            return f"  ({next(iter(found.values()))})"
        return "  (" + "; ".join(f"{lang}: {where}" for lang, where in found.items()) + ")"


def _at(source: SourceFile, *loc: int | str) -> ContentError:
    mark = mark_of(source, *loc)
    return ContentError(source.display, mark.line, mark.column, "")
