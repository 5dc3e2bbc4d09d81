"""The checks that span files, run as named passes over loaded content (see load.py).

Each returns its problems as located `ContentError`s and never stops at the first: `brand`
(colours, font, logo, locations), `references` (a condition's block list), `translations`
(every file in every language, the same blocks in order), `figures` (image paths) and
`sizes` (a handout's total content). None of them opens a font or an image: that is
render/preflight.py, run before anything is drawn.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from handouts.content.fonts import FONT_FAMILY, FontFamily, find_family
from handouts.content.library import Library
from handouts.content.loader import Mark, MarkedDict, MarkedList, SourceFile
from handouts.content.locate import error_at, text_values
from handouts.content.markup import CONTROL, excerpt
from handouts.content.models import Block, Brand, Condition, Settings
from handouts.errors import ContentError, did_you_mean, display_path
from handouts.render.theme import Theme, contrast_problems

LOGO_SUFFIXES = (".svg", ".png")


def check_block_refs(
    source: SourceFile, shared: dict[str, Block], known_ids: set[str]
) -> list[ContentError]:
    """Check a condition's block list on the raw data, so it is checked even when other
    fields of the same file have errors."""
    entries = source.data.get("blocks") if isinstance(source.data, MarkedDict) else None
    if not isinstance(entries, MarkedList):
        return []
    errors = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        loc: tuple[int | str, ...] = ("blocks", index)
        if isinstance(entry, MarkedDict):
            block_id = entry.get("id")
            if not isinstance(block_id, str):
                continue
            if block_id in shared or block_id in known_ids:
                errors.append(
                    error_at(
                        source,
                        (*loc, "id"),
                        f"inline block id '{excerpt(block_id)}' is also a shared block in blocks/; "
                        "rename one of them",
                    )
                )
        elif isinstance(entry, str):
            block_id = entry
            if block_id not in shared and block_id not in known_ids:
                suggestion = did_you_mean(block_id, [*shared, *known_ids])
                message = f"unknown block '{excerpt(block_id)}'{suggestion}"
                errors.append(error_at(source, loc, message))
        else:
            continue
        if block_id in seen:
            errors.append(
                error_at(source, loc, f"block '{excerpt(block_id)}' is used twice in this handout")
            )
        seen.add(block_id)
    return errors


def check_brand(
    brand: Brand, source: SourceFile, root: Path, theme: Theme, base_folder: Path | None = None
) -> tuple[FontFamily | None, Path | None, list[ContentError]]:
    """Colours, font, logo and locations; the font and logo may be the base folder's."""
    errors = []
    for role, message in contrast_problems(brand.colours, theme):
        errors.append(error_at(source, ("colours", role), message))

    font = find_family(brand.font, root, base_folder) if FONT_FAMILY.fullmatch(brand.font) else None
    if not FONT_FAMILY.fullmatch(brand.font):
        errors.append(
            error_at(
                source,
                ("font",),
                f"'{excerpt(brand.font)}' is not a font family name: use letters, digits, spaces "
                "and hyphens, e.g. 'Atkinson Hyperlegible' (the files are found in fonts/)",
            )
        )
    elif font is None:
        base = brand.font.replace(" ", "")
        errors.append(
            error_at(
                source,
                ("font",),
                f"font '{brand.font}' not found: put {base}-Regular.ttf, -Bold, -Italic and "
                f"-BoldItalic in {display_path(root / 'fonts')}/ or the project's fonts/",
            )
        )

    logo = None
    if brand.logo is not None:
        found = picture_path(root, brand.logo, "logo", base_folder)
        if isinstance(found, str):
            errors.append(error_at(source, ("logo",), found))
        else:
            logo = found

    slugs: set[str] = set()
    for index, location in enumerate(brand.locations):
        if location.slug in slugs:
            errors.append(
                error_at(
                    source,
                    ("locations", index, "slug"),
                    f"two locations share the slug '{location.slug}'",
                )
            )
        slugs.add(location.slug)
    return font, logo, errors


def file_display(path: Path) -> str:
    """A content file's name in messages, as the editor knows it: a link's own name and
    folder, never where the link leads."""
    absolute, here = Path(os.path.abspath(path)), Path(os.getcwd())
    if absolute.is_relative_to(here):
        shown = absolute.relative_to(here).as_posix()
    else:
        shown = f"{display_path(path.parent)}/{path.name}"
    return CONTROL.sub("\ufffd", shown)  # a file name can hold a terminal's escape codes


def unknown_language(path: Path, settings: Settings) -> ContentError:
    suffix = path.stem.rsplit(".", 1)[1]
    others = [lang for lang in settings.languages if lang != settings.base_language]
    named = ", ".join(f"'{lang}'" for lang in others) or "none yet"
    return ContentError(
        file_display(path), 0, 0,
        f"'{excerpt(suffix)}' is not a language in settings.yaml (translations: {named}); "
        "rename the file or add the language",
    )  # fmt: skip


Named = TypeVar("Named", Block, Condition)


def named_as_its_file(
    found: tuple[SourceFile | None, Named | None], path: Path, errors: list[ContentError]
) -> tuple[SourceFile | None, Named | None]:
    """A block's id and a condition's slug are its file's name (aftercare.yaml and
    aftercare.es.yaml hold 'aftercare'): translations are paired, and messages name files, by
    it. A mismatch is one error, at the id, naming both and both fixes; the file then counts as
    invalid, so its id and its name are both known and nothing else is said about it (not
    'add aftercare.es.yaml' when that file is there)."""
    source, item = found
    if source is None or item is None:
        return found
    field, name = ("id", item.id) if isinstance(item, Block) else ("slug", item.slug)
    stem = path.name.split(".")[0]
    if name == stem:
        return found
    suffix, target = path.name[len(stem) :], path.with_name(name + path.name[len(stem) :])
    kind = "block" if isinstance(item, Block) else "condition"
    fixes = [f"change it to '{stem}'"] if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", stem) else []
    if suffix.count(".") > 1 and fixes:
        fixes = [f"change it to '{stem}', its original's"]  # a translation: named as its original
    elif not os.path.lexists(target):
        fixes.append(f"rename the file to {target.name}")
    elif not fixes:
        fixes.append(f"rename the file ({target.name} is another file)")
    errors.append(
        error_at(
            source, (field,),
            f"the {field} '{name}' does not match the file name {path.name}: a {kind}'s "
            f"{field} is its file's name without '{suffix}'; {', or '.join(fixes)}",
        )
    )  # fmt: skip
    return source, None


def check_translations(
    settings: Settings,
    blocks: dict[str, dict[str, Block]],
    conditions: dict[str, dict[str, Condition]],
    block_files: dict[tuple[str, str], SourceFile],
    condition_files: dict[tuple[str, str], SourceFile],
    known_ids: dict[str, set[str]],
    known_slugs: dict[str, set[str]],
) -> list[ContentError]:
    """Every translation has its original, with the same blocks in order. A file that failed
    validation has its own message: its translations are not called orphans. A translation
    not there is not an error here: translations.py tells its state (missing, awaiting…)."""
    base = settings.base_language
    errors: list[ContentError] = []
    for lang in settings.languages:
        if lang == base:
            continue
        for block_id in blocks[lang]:
            if block_id not in blocks[base] and block_id not in known_ids[base]:
                errors.append(
                    error_at(
                        block_files[lang, block_id], ("id",),
                        f"block '{block_id}' has no original in the base language ({base})",
                    )
                )  # fmt: skip
        for slug, condition in conditions[base].items():
            source = condition_files[base, slug]
            translated = conditions[lang].get(slug)
            if translated is None:
                continue
            unknown = [  # a typo in the original is its own error: never ask to copy it
                entry for entry in condition.blocks
                if isinstance(entry, str) and entry not in blocks[base]
            ]  # fmt: skip
            if translated.block_ids != condition.block_ids and not unknown:
                errors.append(
                    error_at(
                        condition_files[lang, slug], ("blocks",),
                        f"the blocks must be the same, in the same order, as in "
                        f"{source.display}: {', '.join(condition.block_ids)}",
                    )
                )  # fmt: skip
        for slug in conditions[lang]:
            if slug not in conditions[base] and slug not in known_slugs[base]:
                errors.append(
                    error_at(
                        condition_files[lang, slug], ("slug",),
                        f"condition '{slug}' has no original in the base language ({base})",
                    )
                )  # fmt: skip
    return errors


# ---- files the parts read (figures' images) ------------------------------------------------


def figure_path(root: Path, image: str, base: Path | None = None) -> Path | str:
    """The figure's file inside the content folder, or what is wrong with the path."""
    return picture_path(root, image, "image", base)


def picture_path(root: Path, written: str, what: str, base: Path | None = None) -> Path | str:
    """A logo's or figure's file: an ordinary .svg or .png file inside the content folder
    (links resolved first), or what is wrong with the path. Nothing is opened. A clinic's
    folder that lacks the file uses its base folder's, which must be inside the base."""
    if base is not None and not os.path.lexists(root / written):
        root = base
    try:
        candidate = (root / written).resolve()
        info = candidate.stat() if candidate.exists() else None
    except (OSError, RuntimeError):  # a loop of links
        return f"{what} file '{excerpt(written)}' is a link that leads nowhere; put the file itself"
    if not candidate.is_relative_to(root.resolve()):
        return f"the {what} must be a file inside the content folder"
    if candidate.suffix.lower() not in LOGO_SUFFIXES:
        return f"the {what} must be an .svg or .png file"
    if info is None:
        return f"{what} file '{excerpt(written)}' not found"
    if not stat.S_ISREG(info.st_mode):
        return (
            f"{what} file '{excerpt(written)}' is not an ordinary file (a folder, pipe or device)"
        )
    return candidate


def part_files(
    library: Library, slugs: Iterable[str] | None = None
) -> Iterator[tuple[str, Path | ContentError, ContentError]]:
    """Each file a part reads, in every language: (as written, its path or the problem with
    it, where it is written). Only those of the named handouts when `slugs` is given. Cheap:
    no file is opened."""
    wanted: set[str] | None = None
    if slugs is not None:
        wanted = {
            name
            for slug in slugs
            for lang in library.languages
            if (lang, slug) not in library.withheld
            for block in library.handout(slug, lang=lang).blocks
            for part in block.body
            for name in part.files()
        }
    for _, source, block in library.all_blocks():
        for part in block.body:
            for name in part.files():
                if wanted is not None and name not in wanted:
                    continue
                mark = next(
                    (m for text, m in text_values(source.data, Mark(1, 1)) if text == name),
                    Mark(1, 1),
                )
                at = ContentError(source.display, mark.line, mark.column, "")
                found = figure_path(library.root, name, library.base_folder)
                if isinstance(found, str):
                    yield name, ContentError(at.path, at.line, at.column, found), at
                else:
                    yield name, found, at


def check_figures(library: Library) -> list[ContentError]:
    """Every image path written in a part points at an .svg or .png inside the folder."""
    return [found for _, found, _ in part_files(library) if isinstance(found, ContentError)]


# ---- sizes ---------------------------------------------------------------------------------

MAX_HANDOUT_BYTES = 200_000
"""A handout's YAML (its condition file and shared blocks): about 60 pages of text. Real ones
are a few kilobytes; the limit keeps hostile content from tying up a build for minutes."""


def check_handout_sizes(library: Library, slugs: set[str] | None = None) -> list[ContentError]:
    problems = []
    for (lang, slug), source in library.condition_files.items():
        if slugs is not None and slug not in slugs:
            continue
        condition = library.conditions_by_lang[lang][slug]
        files = {source.path} | {
            library.block_files[lang, entry].path
            for entry in condition.blocks
            if isinstance(entry, str) and (lang, entry) in library.block_files
        }
        size = sum(path.stat().st_size for path in files)
        if size > MAX_HANDOUT_BYTES:
            message = (
                f"this handout's content is {size // 1000:,} KB, more than "
                f"{MAX_HANDOUT_BYTES // 1000} KB (about 60 pages); a handout is a few "
                "pages: move some blocks to another handout"
            )
            problems.append(ContentError(source.display, 1, 1, message))
    return problems
