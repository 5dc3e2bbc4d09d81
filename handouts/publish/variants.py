"""What tells one copy of a handout from another, in words: the chips on a catalog card
(language, paper, large print, clinic edition, draft) and the language names a search knows.

Shared by the catalog page (catalog.py) and the web app's catalog (serve/pages.py), so both
say the same thing. The labels are in English with the Spanish beside them, as the pages are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "en": ("English", "Inglés"),
    "es": ("Spanish", "Español"),
}
"""Each language's name in English and in Spanish: what its chip says, and what a search may
type to find its cards ("spanish", "español" and "espanol" find the Spanish ones)."""
PAPER_NAMES: dict[str, tuple[str, str]] = {
    "letter": ("Letter paper", "Papel carta"),
    "a4": ("A4 paper", "Papel A4"),
}
LARGE_PRINT = ("Large print", "Letra grande")
ALL_CLINICS = "all-clinics"
"""The edition the manifest records for a handout that lists every clinic (build/plan.py)."""


def fold(text: str) -> str:
    """Lower case without accents, so 'migrana' finds 'migraña' and 'espanol' 'Español'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


@dataclass(frozen=True)
class Chip:
    """One fact on a card: in English with the Spanish beside it or, for the draft marker, in
    the handout's own language (`lang`). Its words say what it means; `kind` only styles it."""

    kind: str
    """language, paper, large, clinic or draft."""
    text: str
    spanish: str = ""
    lang: str = "en"


def language_label(code: str, name: str = "") -> tuple[str, str]:
    """The language's name in English and in Spanish; a language added in settings.yaml that
    this module does not know is called by its own name there (or its code)."""
    return LANGUAGE_NAMES.get(code) or (name or code.upper(), "")


def chips(
    lang: str,
    paper: str,
    *,
    large_print: bool = False,
    clinic: str = "",
    draft: str = "",
    language_name: str = "",
) -> list[Chip]:
    """The chips of one card, in reading order. `clinic` is the clinic's name when the copy is
    that clinic's own edition ("Manhattan only"); the edition listing every clinic has none."""
    found = [Chip("language", *language_label(lang, language_name))]
    size = paper.upper()
    found.append(Chip("paper", *PAPER_NAMES.get(paper, (f"{size} paper", f"Papel {size}"))))
    if large_print:
        found.append(Chip("large", *LARGE_PRINT))
    if clinic:
        found.append(Chip("clinic", f"{clinic} only", f"Solo {clinic}"))
    if draft:
        found.append(Chip("draft", draft, lang=lang))
    return found


def chip_words(found: Iterable[Chip]) -> str:
    """The chips' words, folded, for a card's search text ("a4", "large", "manhattan"); not
    the draft marker's, which would make "clinician" find every draft."""
    return fold(" ".join(f"{c.text} {c.spanish}" for c in found if c.kind != "draft"))


def language_words(languages: Mapping[str, str]) -> dict[str, str]:
    """Each language's names, folded, to its code: {"english": "en", "ingles": "en", ...}.
    `languages` maps each code to its name in settings.yaml (or "")."""
    words: dict[str, str] = {}
    for code, name in languages.items():
        for word in (*LANGUAGE_NAMES.get(code, ()), name):
            if word and " " not in word.strip():
                words[fold(word.strip())] = code
    return words


def matches(words: Iterable[str], text: str, lang: str, named: Mapping[str, str]) -> bool:
    """Whether a card matches every folded search word: a word in its text, or a language's
    whole name, which matches only that language's cards (an English handout that mentions
    Spanish is not a Spanish handout). The page's script does the same as you type."""
    return all(named[word] == lang if word in named else word in text for word in words)
