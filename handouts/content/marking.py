"""`handouts translations --done`: a translation marked as made from its original's current
text, by writing that text's hash into its `translated_from:` line (translations.py says what
the hash covers and what each state means).

The same editor as a clinician's sign-off (signing.py): only that line changes (it is added
after `id:` or `slug:` when the file has none), every other byte is kept, comments included;
the edited file is read back and checked before it replaces the old one, whole. Every name is
checked before any file is written. An awaiting file that still has its original's words is
refused: marking it would print English words as Spanish.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.content.load import load_library, read_source
from handouts.content.loader import parse_yaml
from handouts.content.locate import validate_file
from handouts.content.markup import excerpt
from handouts.content.models import Block, BrandTranslation, Condition
from handouts.content.signing import edit_fields, replace_file, without, yaml_scalar
from handouts.content.translations import Status, Translation
from handouts.errors import ContentErrors, HandoutsError, did_you_mean


@dataclass(frozen=True)
class Marked:
    """A translation marked as made from the base file's current text (or already so)."""

    translation: Translation
    written: bool


def mark_translated(root: Path, names: Sequence[str], lang: str | None = None) -> list[Marked]:
    """Record in each named translation (or, for 'all', every one that is stale or unrecorded)
    the hash of its base file's current text. Every name is checked before a file is written."""
    library = load_library(root)
    languages = [code for code in library.languages if code != library.settings.base_language]
    if lang not in (None, "all") and lang not in languages:
        hint = did_you_mean(str(lang), languages, style="clause")
        raise HandoutsError(
            f"'{lang}' is not a translation's language{hint} (they are: "
            f"{', '.join(languages) or 'none: settings.yaml lists one language'})"
        )
    chosen = [t for t in library.translations if lang in (None, "all", t.lang)]
    picked: list[Translation] = []
    for name in dict.fromkeys(names):
        picked += _pick(name, chosen, len({t.lang for t in chosen}) > 1)
    own = Path(root).resolve()
    inherited = [t for t in dict.fromkeys(picked) if not t.path.resolve().is_relative_to(own)]
    named = [t for t in inherited if "all" not in names]
    if named:  # a clinic's folder marks only its own files, as `review --sign` signs only them
        each = named[0]
        raise HandoutsError(
            f"'{each.name}' ({each.lang}) is inherited: its file is {each.display}, in the base "
            f"folder; mark it there (handouts translations --done {each.name} --lang "
            f"{each.lang} --content <the base folder>)"
        )
    marked = []
    for each in dict.fromkeys(picked):
        if each in inherited:
            continue  # 'all' in a clinic's folder: the base's files are the base's to mark
        written = each.status is not Status.CURRENT
        if written:
            _write_hash(root, each)
        marked.append(Marked(each, written))
    return marked


def marked_lines(marked: list[Marked]) -> list[str]:
    """What `handouts translations --done` prints: a line per translation named."""
    if not marked:
        return ["nothing to mark: no translation is stale or unrecorded"]
    return [
        f"marked {each.translation.display} as translated from {each.translation.base_display} "
        f"as it is now ({each.translation.base_hash})"
        if each.written
        else f"{each.translation.display} is already marked as made from the current text"
        for each in marked
    ]


def _pick(name: str, chosen: list[Translation], several: bool) -> list[Translation]:
    if name == "all":
        return [t for t in chosen if t.status in (Status.STALE, Status.UNRECORDED)]
    found = [t for t in chosen if name in (t.qualified, f"{t.kind}:{t.name}", t.name)]
    if len({(t.kind, t.name) for t in found}) > 1:
        spelled = " or ".join(sorted({f"{t.kind}:{t.name}" for t in found}))
        raise HandoutsError(f"'{name}' names a block and a handout; write {spelled}")
    if not found:
        hint = did_you_mean(name, sorted({t.qualified for t in chosen}), style="clause")
        raise HandoutsError(
            f"no translation of '{excerpt(name)}'{hint}; handouts translations lists them "
            "(or mark all)"
        )
    if several and len(found) > 1:
        raise HandoutsError(
            "name the language of the translation you checked: --lang "
            + " or --lang ".join(t.lang for t in found)
        )
    for each in found:
        if each.status is Status.MISSING:
            raise HandoutsError(f"{each.display} does not exist: translate {each.base_display} "
                                "into it first")  # fmt: skip
        if each.status is Status.AWAITING and not each.retranslated:
            raise HandoutsError(
                f"{each.display} still has the words of {each.base_display}: translate it, "
                "then mark it"
            )
    return found


def _write_hash(root: Path, each: Translation) -> None:
    """`translated_from: <hash>` written in place (after `id:`/`slug:` when it is new), the
    file read back and checked to say the same with only that changed."""
    raw, refused = read_source(each.path, each.display, root)
    if raw is None:
        raise ContentErrors([refused] if refused else [])
    values = {"translated_from": yaml_scalar(each.base_hash)}
    edited = edit_fields(raw, values, each.display, each.what, after=("id", "slug"))
    model: type[Any] = {"block": Block, "condition": Condition, "brand": BrandTranslation}[
        each.kind
    ]
    checked: list[tuple[Any, Any]] = []
    for data in (raw, edited):
        source, problems = parse_yaml(data, each.path, each.display)
        item, more = validate_file(source, model) if source is not None else (None, [])
        if problems or more or item is None or source is None:
            raise ContentErrors([*problems, *more])
        checked.append((item, without(source.data, ("translated_from",))))
    (_, before), (after_item, after) = checked
    if after_item.translated_from != each.base_hash or after != before:
        raise HandoutsError(f"{each.display}: translated_from could not be written safely; "
                            "nothing was changed")  # fmt: skip
    replace_file(each.path.resolve(), raw, edited)
