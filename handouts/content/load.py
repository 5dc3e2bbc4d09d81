"""Loading a content folder: every file read and validated, then the cross-file checks, all as
named passes whose problems are reported together, in one round.

Passes, in order: `files` (each YAML file read and checked against its model), `brand`,
`references`, `translations`, `figures`. When any pass found a problem, the checks that open
the font and the pictures (render/preflight.py) and the size limit run too, on whatever did
validate, so that an editor fixing one mistake is not shown the next only on the next run.
When nothing is wrong they are left for the build to run, on just the handouts it renders:
a no-op rebuild must stay fast.

Every file is read the same way (`load_yaml`): only regular files inside the content folder
(links resolved first), their size checked before they are read, within one budget of bytes
and values for the whole folder. Names starting with '.' (editors' lock and swap files, macOS's
'._' files) are not content and are skipped.

A clinic's folder whose brand.yaml says `inherits: <base folder>` reads every block, condition,
image, font and settings.yaml it lacks from the base, each file inside its own folder
(inherit.py, docs/brands.md).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from handouts.content.checks import (
    check_block_refs,
    check_brand,
    check_figures,
    check_handout_sizes,
    check_translations,
    file_display,
    named_as_its_file,
    unknown_language,
)
from handouts.content.inherit import base_folder as inherited_folder
from handouts.content.inherit import find, layer_of, merged
from handouts.content.library import Library
from handouts.content.loader import (
    FOLDER_TOO_BIG,
    MAX_FILE_BYTES,
    Budget,
    MarkedDict,
    SourceFile,
)
from handouts.content.locate import Model, error_at, validate_file
from handouts.content.models import Block, Brand, BrandTranslation, Condition, Settings
from handouts.content.parsed import parse_once
from handouts.content.translations import assess, withhold
from handouts.content.wording import Wording
from handouts.errors import ContentError, ContentErrors, HandoutsError, display_path
from handouts.render.theme import Theme

MAX_FOLDER_FILES = 2_000
"""YAML files in blocks/ or conditions/ (the shipped content has 40 in all)."""


def _yaml_files(folder: Path, errors: list[ContentError]) -> list[Path]:
    """The YAML files in a folder, by name; too many to read in a moment is an error."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if path.suffix in (".yaml", ".yml") and not path.name.startswith("."):
            found.append(path)
            if len(found) > MAX_FOLDER_FILES:
                message = (
                    f"more than {MAX_FOLDER_FILES:,} YAML files in this folder, far more than "
                    "any catalog of handouts; split it into several content folders"
                )
                raise ContentErrors([*errors, ContentError(display_path(folder), 0, 0, message)])
    return sorted(found)


def _layered_files(
    root: Path, base_folder: Path | None, folder: str, errors: list[ContentError]
) -> list[Path]:
    """A folder's YAML files, with the base folder's that the clinic's do not replace."""
    own = _yaml_files(root / folder, errors)
    return merged(own, _yaml_files(base_folder / folder, errors)) if base_folder else own


def content_base(root: Path) -> tuple[Path | None, list[ContentError]]:
    """The base folder a clinic's folder inherits, checked, without loading anything else:
    for the sign-off, the web app's watcher and the like. (None, []) for a plain folder."""
    path = root / "brand.yaml"
    source = load_yaml(path, file_display(path), root)[0] if _exists(path) else None
    return inherited_folder(root, source, _read)


def _read(path: Path, within: Path, budget: Budget | None = None) -> SourceFile | None:
    return load_yaml(path, file_display(path), within, budget)[0]


def _exists(path: Path) -> bool:
    """There is something by this name: a file, a folder, a pipe, even a broken link."""
    return os.path.lexists(path)


def load_yaml(
    path: Path, display: str, root: Path | None = None, budget: Budget | None = None
) -> tuple[SourceFile | None, list[ContentError]]:
    """Read and parse one YAML file safely: the data (None if unusable) and every problem."""
    raw, refused = read_source(path, display, root, budget)
    if raw is None:
        return None, [refused] if refused else []
    return parse_once(raw, path, display, budget)


def _refusal(path: Path, real: Path | None, info: os.stat_result | None, root: Path | None) -> str:
    if real is None:
        return (
            "this is a link to a file that does not exist, or a loop of links; put the file "
            "itself here"
            if path.is_symlink()
            else "file not found"
        )
    if root is not None and not real.is_relative_to(root):
        return (
            "this is a link to a file outside the content folder; copy the file into the "
            "folder instead of linking to it"
        )
    mode = info.st_mode if info is not None else 0
    if stat.S_ISDIR(mode):
        return "this is a folder, not a file; rename it so that its name does not end in .yaml"
    kind = "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else ""
    return (
        f"this is {kind or 'a device or other special file'}, not a file; content must be "
        "ordinary text files"
    )


def _opened_path(fd: int) -> Path | None:
    """Where an open file really is (Linux), to catch a link swapped in after it was checked."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return None


def read_source(
    path: Path, display: str, root: Path | None = None, budget: Budget | None = None
) -> tuple[bytes | None, ContentError | None]:
    """A content file's bytes, or why not. Links are resolved and must stay inside `root`;
    pipes, devices, sockets and folders are refused without being opened (a FIFO would block,
    /dev/zero never ends); the size is checked on the open file before a byte is read."""
    root = root.resolve() if root is not None else None
    info = real = None
    try:
        real = path.resolve(strict=True)
        info = os.stat(real)
    except PermissionError:
        return None, ContentError(display, 0, 0, "cannot read file: permission denied")
    except (OSError, RuntimeError):  # missing, or a loop of links
        real = None
    if (
        real is None
        or info is None
        or not stat.S_ISREG(info.st_mode)
        or (root is not None and not real.is_relative_to(root))
    ):
        return None, ContentError(display, 0, 0, _refusal(path, real, info, root))
    limit = MAX_FILE_BYTES if budget is None else min(MAX_FILE_BYTES, budget.bytes)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        return None, ContentError(display, 0, 0, f"cannot read file: {exc.strerror}")
    try:
        opened = os.fstat(fd)
        where = _opened_path(fd)
        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino) or (
            root is not None and where is not None and not where.is_relative_to(root)
        ):
            return None, ContentError(display, 0, 0, "the file changed while it was read; retry")
        data = b""
        if opened.st_size <= limit:
            with os.fdopen(os.dup(fd), "rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        return None, ContentError(display, 0, 0, f"cannot read file: {exc.strerror}")
    finally:
        os.close(fd)
    if opened.st_size > limit or len(data) > limit:
        if budget is not None and limit < MAX_FILE_BYTES:
            budget.exceeded = True
            return None, ContentError(display, 0, 0, FOLDER_TOO_BIG)
        message = f"file is larger than {limit // 1000} KB; split it"
        return None, ContentError(display, 0, 0, message)
    if budget is not None:
        budget.bytes -= len(data)
    return data, None


def _language_of(path: Path, settings: Settings) -> str | None:
    """'aftercare.es.yaml' is Spanish, 'aftercare.yaml' the base language; None if unknown."""
    stem = path.stem
    if "." not in stem:
        return settings.base_language
    lang = stem.rsplit(".", 1)[1]
    return lang if lang in settings.languages and lang != settings.base_language else None


def load_library(root: Path, theme: Theme | None = None) -> Library:
    """Load and check a whole content folder; raises ContentErrors listing every problem."""
    theme = theme or Theme()
    if not root.is_dir():
        raise HandoutsError(f"content folder '{root}' not found; pass --content DIR")
    errors: list[ContentError] = []
    budget = Budget()
    base_folder: Path | None = None

    def load(path: Path, model: type[Model]) -> tuple[SourceFile | None, Model | None]:
        within = layer_of(path, root, base_folder)  # each file stays inside its own folder
        source, problems = load_yaml(path, file_display(path), within, budget)
        errors.extend(problems)
        if budget.exceeded:
            raise ContentErrors(errors)  # the rest would take too long to read
        if source is None:
            return None, None
        item, problems = validate_file(source, model)
        errors.extend(problems)
        return source, item

    brand_path = root / "brand.yaml"
    brand_source, brand = (None, None)
    if _exists(brand_path):
        brand_source, brand = load(brand_path, Brand)
    else:
        errors.append(ContentError(file_display(brand_path), 0, 0, "brand file not found"))
    base_folder, problems = inherited_folder(
        root, brand_source, lambda path, within: _read(path, within, budget)
    )
    errors.extend(problems)

    settings = Settings()
    settings_path = find("settings.yaml", root, base_folder)
    if _exists(settings_path):
        settings = load(settings_path, Settings)[1] or settings
    base = settings.base_language

    font = logo = None
    if brand is not None and brand_source is not None:
        font, logo, problems = check_brand(brand, brand_source, root, theme, base_folder)
        errors.extend(problems)
    taglines: dict[str, str | None] = {base: brand.tagline if brand else None}
    wordings = {base: brand.wording if brand else Wording()}
    brand_translations: dict[str, tuple[BrandTranslation, SourceFile]] = {}
    for lang in settings.languages:
        if lang == base:
            continue
        translation_path = root / f"brand.{lang}.yaml"
        present = _exists(translation_path)
        translation_source, translation = (
            load(translation_path, BrandTranslation) if present else (None, None)
        )
        if translation is not None and translation_source is not None:
            brand_translations[lang] = (translation, translation_source)
        taglines[lang] = translation.tagline if translation else None
        wordings[lang] = translation.wording if translation else Wording()
        # No file at all is a translation 'missing' (translations.py): a warning, not this.
        missing = translation is not None and translation.tagline is None
        if brand and brand.tagline and missing:
            errors.append(
                ContentError(
                    file_display(translation_path), 0, 0,
                    f"the brand tagline has no {settings.languages[lang].name} ({lang}) text; "
                    f"add 'tagline:' to this file",
                )
            )  # fmt: skip
        for key in brand.wording.given() if brand and translation else []:
            if key not in wordings[lang].given():
                errors.append(
                    ContentError(
                        file_display(translation_path), 0, 0,
                        f"brand.yaml's wording '{key}' has no {settings.languages[lang].name} "
                        f"({lang}) text; add it under 'wording:' in this file",
                    )
                )  # fmt: skip

    files: dict[tuple[str, str], SourceFile] = {}
    sources: list[SourceFile] = [s for s in (brand_source,) if s is not None]
    blocks: dict[str, dict[str, Block]] = {lang: {} for lang in settings.languages}
    known_ids: dict[str, set[str]] = {lang: set() for lang in settings.languages}
    # Ids of block files that failed validation: references to them are not errors too.
    for path in _layered_files(root, base_folder, "blocks", errors):
        file_lang = _language_of(path, settings)
        if file_lang is None:
            errors.append(unknown_language(path, settings))
            continue
        source, block = named_as_its_file(load(path, Block), path, errors)
        if source is None:
            known_ids[file_lang].add(path.stem.split(".")[0])
            continue
        raw_id = source.data.get("id") if isinstance(source.data, MarkedDict) else None
        if block is None:
            known_ids[file_lang].update(i for i in (raw_id, path.stem.split(".")[0]) if i)
            continue
        if (file_lang, block.id) in files:
            other = files[file_lang, block.id]
            errors.append(
                error_at(
                    source, ("id",), f"block id '{block.id}' is already used by {other.display}"
                )
            )
            continue
        blocks[file_lang][block.id] = block
        files[file_lang, block.id] = source
        sources.append(source)

    conditions: dict[str, dict[str, Condition]] = {
        file_lang: {} for file_lang in settings.languages
    }
    condition_files: dict[tuple[str, str], SourceFile] = {}
    known_slugs: dict[str, set[str]] = {lang: set() for lang in settings.languages}
    # Slugs of condition files that failed validation: their translations are not orphans.
    for path in _layered_files(root, base_folder, "conditions", errors):
        file_lang = _language_of(path, settings)
        if file_lang is None:
            errors.append(unknown_language(path, settings))
            continue
        source, condition = named_as_its_file(load(path, Condition), path, errors)
        if source is None:
            known_slugs[file_lang].add(path.stem.split(".")[0])
            continue
        errors.extend(
            check_block_refs(source, blocks[base], known_ids[base] | known_ids[file_lang])
        )
        if condition is None:
            raw_slug = source.data.get("slug") if isinstance(source.data, MarkedDict) else None
            known_slugs[file_lang].add(path.stem.split(".")[0])
            if isinstance(raw_slug, str):
                known_slugs[file_lang].add(raw_slug)
            continue
        if (file_lang, condition.slug) in condition_files:
            other = condition_files[file_lang, condition.slug]
            errors.append(
                error_at(
                    source,
                    ("slug",),
                    f"condition '{condition.slug}' is already defined in {other.display}",
                )
            )
            continue
        conditions[file_lang][condition.slug] = condition
        condition_files[file_lang, condition.slug] = source
        sources.append(source)
    if not conditions[base] and not errors:
        errors.append(
            ContentError(display_path(root / "conditions"), 0, 0, "no condition files found")
        )
    errors.extend(
        check_translations(
            settings, blocks, conditions, files, condition_files, known_ids, known_slugs
        )
    )
    translations, problems = assess(
        settings, (brand, brand_source), brand_translations, blocks, files, conditions,
        condition_files,
    )  # fmt: skip
    errors.extend(problems)
    withheld = withhold(translations, base, blocks, files, conditions, condition_files, sources)

    library = None
    if brand is not None and font is not None:
        library = Library(
            root, settings, brand, blocks, conditions, taglines, font, logo, tuple(sources),
            files, condition_files, base_folder, wordings, tuple(translations), withheld,
        )  # fmt: skip
        errors.extend(check_figures(library))
    if errors:
        if library is not None:
            errors.extend(_deeper_problems(library))
        raise ContentErrors(errors)
    assert library is not None
    return library


def _deeper_problems(library: Library) -> list[ContentError]:
    """The size limit and the checks that open the font and pictures, on what validated."""
    from handouts.render.preflight import check_characters, check_pictures

    return check_handout_sizes(library) + check_characters(library) + check_pictures(library)


def load_brand(root: Path) -> Brand:
    """Only brand.yaml, checked: what the catalog page needs (its clinic's name)."""
    path = root / "brand.yaml"
    if not _exists(path):
        raise ContentErrors([ContentError(file_display(path), 0, 0, "brand file not found")])
    source, problems = load_yaml(path, file_display(path), root)
    brand = None
    if source is not None:
        brand, more = validate_file(source, Brand)
        problems += more
    if problems or brand is None:
        raise ContentErrors(problems)
    return brand
