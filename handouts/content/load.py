"""Loading a content folder: every file read and validated, then the cross-file checks, all as
named passes whose problems are reported together, in one round.

Passes, in order: `files` (each YAML file read and checked against its model), `brand`,
`references`, `translations`, `figures`. When any pass found a problem, the checks that open
the font and the pictures (render/preflight.py) and the size limit run too, on whatever did
validate, so that an editor fixing one mistake is not shown the next only on the next run.
When nothing is wrong they are left for the build to run, on just the handouts it renders:
a no-op rebuild must stay fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from handouts.content.checks import (
    check_block_refs,
    check_brand,
    check_figures,
    check_handout_sizes,
    check_translations,
    unknown_language,
)
from handouts.content.library import Library
from handouts.content.loader import MarkedDict, SourceFile, load_yaml
from handouts.content.locate import Model, error_at, validate_file
from handouts.content.models import Block, Brand, BrandTranslation, Condition, Settings
from handouts.errors import ContentError, ContentErrors, HandoutsError, display_path
from handouts.render.theme import Theme


def _yaml_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


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

    def load(path: Path, model: type[Model]) -> tuple[SourceFile | None, Model | None]:
        source, problems = load_yaml(path, display_path(path))
        errors.extend(problems)
        if source is None:
            return None, None
        item, problems = validate_file(source, model)
        errors.extend(problems)
        return source, item

    settings = Settings()
    settings_path = root / "settings.yaml"
    if settings_path.is_file():
        settings = load(settings_path, Settings)[1] or settings
    base = settings.base_language

    brand_path = root / "brand.yaml"
    brand_source, brand = (None, None)
    if brand_path.is_file():
        brand_source, brand = load(brand_path, Brand)
    else:
        errors.append(ContentError(display_path(brand_path), 0, 0, "brand file not found"))

    font = logo = None
    if brand is not None and brand_source is not None:
        font, logo, problems = check_brand(brand, brand_source, root, theme)
        errors.extend(problems)
    taglines: dict[str, str | None] = {base: brand.tagline if brand else None}
    for lang in settings.languages:
        if lang == base:
            continue
        translation_path = root / f"brand.{lang}.yaml"
        translation = (
            load(translation_path, BrandTranslation)[1] if translation_path.is_file() else None
        )
        taglines[lang] = translation.tagline if translation else None
        if brand and brand.tagline and (translation is None or translation.tagline is None):
            errors.append(
                ContentError(
                    display_path(translation_path), 0, 0,
                    f"the brand tagline has no {settings.languages[lang].name} ({lang}) text; "
                    f"add 'tagline:' to this file",
                )
            )  # fmt: skip

    files: dict[tuple[str, str], SourceFile] = {}
    sources: list[SourceFile] = [s for s in (brand_source,) if s is not None]
    blocks: dict[str, dict[str, Block]] = {lang: {} for lang in settings.languages}
    known_ids: dict[str, set[str]] = {lang: set() for lang in settings.languages}
    # Ids of block files that failed validation: references to them are not errors too.
    for path in _yaml_files(root / "blocks"):
        file_lang = _language_of(path, settings)
        if file_lang is None:
            errors.append(unknown_language(path, settings))
            continue
        source, block = load(path, Block)
        if source is None:
            known_ids[file_lang].add(path.stem.split(".")[0])
            continue
        raw_id = source.data.get("id") if isinstance(source.data, MarkedDict) else None
        if block is None:
            if isinstance(raw_id, str):
                known_ids[file_lang].add(raw_id)
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
    for path in _yaml_files(root / "conditions"):
        file_lang = _language_of(path, settings)
        if file_lang is None:
            errors.append(unknown_language(path, settings))
            continue
        source, condition = load(path, Condition)
        if source is None:
            continue
        errors.extend(
            check_block_refs(source, blocks[base], known_ids[base] | known_ids[file_lang])
        )
        if condition is None:
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
        check_translations(settings, blocks, conditions, files, condition_files, known_ids)
    )

    library = None
    if brand is not None and font is not None:
        library = Library(
            root, settings, brand, blocks, conditions, taglines, font, logo, tuple(sources),
            files, condition_files,
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
    if not path.is_file():
        raise ContentErrors([ContentError(display_path(path), 0, 0, "brand file not found")])
    source, problems = load_yaml(path, display_path(path))
    brand = None
    if source is not None:
        brand, more = validate_file(source, Brand)
        problems += more
    if problems or brand is None:
        raise ContentErrors(problems)
    return brand
