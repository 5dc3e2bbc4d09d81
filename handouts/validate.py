"""Stage 2 of the pipeline: loaded YAML to typed, cross-checked content, with every problem at once.

Pydantic checks each file's shape; this module turns its errors into `file:line:col` messages
and adds the checks that span files: block ids defined once and referenced correctly, the logo
and font present inside the project, and brand colours readable (WCAG 1.4.3).
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handouts.errors import ContentError, ContentErrors, HandoutsError, did_you_mean, display_path
from handouts.fonts import FontFamily, find_family
from handouts.loader import Mark, MarkedDict, MarkedList, SourceFile, load_yaml
from handouts.models import Block, Brand, BrandTranslation, Condition, Language, Location, Settings
from handouts.personal import Personal
from handouts.theme import Theme, contrast_problems

Model = TypeVar("Model", bound=BaseModel)
LOGO_SUFFIXES = (".svg", ".png")
FONT_FAMILY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,62}")
"""A family name, never a path: it becomes a file name in fonts/."""


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

    @property
    def revised(self) -> dt.date:
        """The newest revision date among the condition and its blocks."""
        return max([self.condition.revised, *(b.revised for b in self.blocks)])


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
        condition = self.conditions_by_lang[lang][slug]
        shared = self.blocks_by_lang[lang]
        blocks = tuple(
            entry if isinstance(entry, Block) else shared[entry] for entry in condition.blocks
        )
        locations = tuple(
            loc for loc in self.brand.locations if clinic is None or loc.slug == clinic
        )
        return Handout(
            condition, blocks, self.brand, locations, self.font, self.logo,
            lang, self.settings.languages[lang], self.taglines[lang], None, self.root,
        )  # fmt: skip

    def check_names(
        self, conditions: Iterable[str], clinic: str | None, lang: str | None = None
    ) -> None:
        """Refuse names the content does not define, suggesting the nearest one."""
        for slug in conditions:
            if slug not in self.conditions:
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


# ---- locating pydantic errors in the YAML --------------------------------------------------


def _walk(data: Any, loc: tuple[int | str, ...]) -> tuple[Any, Mark | None, Mark | None]:
    """Follow an error location into the marked data: (value, value mark, key mark).

    Pydantic puts union tags into locations ('body', 2, 'callout', 'callout', 'title'); a
    segment the data does not have is skipped, which handles those and keeps the nearest mark.
    """
    value_mark: Mark | None = getattr(data, "mark", None)
    key_mark: Mark | None = None
    for segment in loc:
        if isinstance(data, MarkedDict) and segment in data:
            key_mark = data.key_marks[segment]
            value_mark = data.value_marks[segment]
            data = data[segment]
        elif isinstance(data, MarkedList) and isinstance(segment, int) and segment < len(data):
            key_mark = None
            value_mark = data.item_marks[segment]
            data = data[segment]
    return data, value_mark, key_mark


def _model_fields(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The YAML keys allowed at a location, for 'did you mean' on unknown keys."""
    current: Any = model
    for segment in loc:
        current = _step_type(current, segment)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _step_type(tp: Any, segment: int | str) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _step_type(typing.get_args(tp)[0], segment)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, field in tp.model_fields.items():
            if segment in (name, field.alias):
                return field.annotation
        return tp  # a union tag: the model itself continues
    if origin in (list, tuple) and isinstance(segment, int):
        return typing.get_args(tp)[0]
    if origin in (typing.Union, types.UnionType):
        for member in typing.get_args(tp):
            meta = getattr(member, "__metadata__", ())
            if any(getattr(m, "tag", None) == segment for m in meta):
                return typing.get_args(member)[0]
            if member is not type(None):
                found = _step_type(member, segment)
                if found is not None:
                    return found
    return None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes, no, on and off as true or false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value}"
    if isinstance(value, dict):
        return "a set of 'key: value' lines"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


def _message(err: Mapping[str, Any], allowed: list[str], value: Any) -> str:
    kind = err["type"]
    field = next((s for s in reversed(err["loc"]) if isinstance(s, str)), "value")
    if kind == "missing":
        return f"missing required field '{err['loc'][-1]}'"
    if kind == "extra_forbidden":
        key = err["loc"][-1]
        return f"unknown key '{key}'{did_you_mean(str(key), allowed)}"
    if kind in ("string_type", "str_type"):
        hint = "; put it in quotes" if isinstance(value, (bool, int, float, dt.date)) else ""
        return f"'{field}' should be text, not {_describe(value)}{hint}"
    if kind in ("list_type", "tuple_type"):
        return f"'{field}' should be a list (lines starting with '- '), not {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{field}' should be a set of 'key: value' lines, not {_describe(value)}"
    if kind.startswith("date"):
        return f"'{field}' should be a date written as YYYY-MM-DD, not {_describe(value)}"
    if kind in ("too_short", "string_too_short"):
        return f"'{field}' must not be empty"
    if kind == "too_long":
        limit, actual = err["ctx"]["max_length"], err["ctx"].get("actual_length", "more")
        return f"'{field}' has {actual} items; a handout takes at most {limit}: split it"
    if kind == "string_too_long":
        limit = err["ctx"]["max_length"]
        return (
            f"'{field}' is {len(value):,} characters long; at most {limit:,} fit here: "
            "split it into shorter parts"
        )
    if kind == "literal_error":
        return f"'{field}' must be {err['ctx']['expected']}, not {_describe(value)}"
    if kind == "union_tag_invalid":
        tag = err["ctx"]["tag"]
        choices = [t.strip(" '") for t in err["ctx"]["expected_tags"].split(",")]
        return f"unknown part '{tag}'{did_you_mean(tag, choices)}; use one of: {', '.join(choices)}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    return f"'{field}': {err['msg']}"


def validate_file(
    source: SourceFile, model: type[Model]
) -> tuple[Model | None, list[ContentError]]:
    """Validate one file's data against a model; errors point at the offending line."""
    if not isinstance(source.data, MarkedDict):
        return None, [
            ContentError(
                source.display, 1, 1, f"expected 'key: value' lines, found {_describe(source.data)}"
            )
        ]
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            value, value_mark, key_mark = _walk(source.data, loc)
            mark = key_mark if err["type"] == "extra_forbidden" and key_mark else value_mark
            mark = mark or Mark(1, 1)
            allowed = _model_fields(model, loc[:-1]) if err["type"] == "extra_forbidden" else []
            errors.append(
                ContentError(source.display, mark.line, mark.column, _message(err, allowed, value))
            )
        return None, errors


# ---- the whole content folder --------------------------------------------------------------


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


def _mark_of(source: SourceFile, *loc: int | str) -> Mark:
    _, value_mark, _ = _walk(source.data, loc)
    return value_mark or Mark(1, 1)


def _error(source: SourceFile, loc: tuple[int | str, ...], message: str) -> ContentError:
    mark = _mark_of(source, *loc)
    return ContentError(source.display, mark.line, mark.column, message)


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
        font, logo, problems = _check_brand(brand, brand_source, root, theme)
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
            errors.append(_unknown_language(path, settings))
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
                _error(source, ("id",), f"block id '{block.id}' is already used by {other.display}")
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
            errors.append(_unknown_language(path, settings))
            continue
        source, condition = load(path, Condition)
        if source is None:
            continue
        errors.extend(
            _check_block_refs(source, blocks[base], known_ids[base] | known_ids[file_lang])
        )
        if condition is None:
            continue
        if (file_lang, condition.slug) in condition_files:
            other = condition_files[file_lang, condition.slug]
            errors.append(
                _error(
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
        _check_translations(settings, blocks, conditions, files, condition_files, known_ids)
    )

    if errors:
        raise ContentErrors(errors)
    assert brand is not None and font is not None
    library = Library(
        root, settings, brand, blocks, conditions, taglines, font, logo, tuple(sources),
        files, condition_files,
    )  # fmt: skip
    problems = [error for error, _ in _figures(library) if error is not None]
    if problems:
        raise ContentErrors(problems)
    return library


def _unknown_language(path: Path, settings: Settings) -> ContentError:
    suffix = path.stem.rsplit(".", 1)[1]
    others = [lang for lang in settings.languages if lang != settings.base_language]
    named = ", ".join(f"'{lang}'" for lang in others) or "none yet"
    return ContentError(
        display_path(path), 0, 0,
        f"'{suffix}' is not a language in settings.yaml (translations: {named}); "
        "rename the file or add the language",
    )  # fmt: skip


def _ids(condition: Condition) -> list[str]:
    return [entry.id if isinstance(entry, Block) else entry for entry in condition.blocks]


def _untranslated(kind: str, name: str, source: SourceFile, lang: str, named: str) -> ContentError:
    """'block 'x' has no Spanish (es) text: add blocks/x.es.yaml', pointing at the original."""
    target = source.path.with_name(f"{source.path.stem}.{lang}.yaml")
    return ContentError(
        source.display, 1, 1, f"{kind} '{name}' has no {named} text: add {display_path(target)}"
    )


def _check_translations(
    settings: Settings,
    blocks: dict[str, dict[str, Block]],
    conditions: dict[str, dict[str, Condition]],
    block_files: dict[tuple[str, str], SourceFile],
    condition_files: dict[tuple[str, str], SourceFile],
    known_ids: dict[str, set[str]],
) -> list[ContentError]:
    """Every block and condition exists in every language, with the same blocks in order."""
    base = settings.base_language
    errors: list[ContentError] = []
    for lang, language in settings.languages.items():
        if lang == base:
            continue
        named = f"{language.name} ({lang})"
        for block_id in blocks[base]:
            if block_id not in blocks[lang] and block_id not in known_ids[lang]:
                errors.append(
                    _untranslated("block", block_id, block_files[base, block_id], lang, named)
                )
        for block_id in blocks[lang]:
            if block_id not in blocks[base]:
                errors.append(
                    _error(
                        block_files[lang, block_id], ("id",),
                        f"block '{block_id}' has no original in the base language ({base})",
                    )
                )  # fmt: skip
        for slug, condition in conditions[base].items():
            source = condition_files[base, slug]
            translated = conditions[lang].get(slug)
            if translated is None:
                errors.append(_untranslated("condition", slug, source, lang, named))
                continue
            if _ids(translated) != _ids(condition):
                errors.append(
                    _error(
                        condition_files[lang, slug], ("blocks",),
                        f"the blocks must be the same, in the same order, as in "
                        f"{source.display}: {', '.join(_ids(condition))}",
                    )
                )  # fmt: skip
        for slug in conditions[lang]:
            if slug not in conditions[base]:
                errors.append(
                    _error(
                        condition_files[lang, slug], ("slug",),
                        f"condition '{slug}' has no original in the base language ({base})",
                    )
                )  # fmt: skip
    return errors


def text_values(data: Any, mark: Mark) -> Iterator[tuple[str, Mark]]:
    """Every text value in loaded data, with the mark where it starts."""
    if isinstance(data, str):
        yield data, mark
    elif isinstance(data, MarkedDict):
        for key, value in data.items():
            yield from text_values(value, data.value_marks[key])
    elif isinstance(data, MarkedList):
        for item, item_mark in zip(data, data.item_marks, strict=True):
            yield from text_values(item, item_mark)


def figure_path(root: Path, image: str) -> Path | str:
    """The figure's file inside the content folder, or what is wrong with the path."""
    candidate = (root / image).resolve()
    if not candidate.is_relative_to(root.resolve()):
        return "the image must be a file inside the content folder"
    if candidate.suffix.lower() not in LOGO_SUFFIXES:
        return "the image must be an .svg or .png file"
    if not candidate.is_file():
        return f"image file '{image}' not found"
    return candidate


def check_pictures(library: Library, slugs: Iterable[str] | None = None) -> list[ContentError]:
    """Open the logo and the figures (of the named handouts, else all), so a bad file is a
    located content error rather than a failed build."""
    from handouts.images import UnreadablePicture, load_picture
    from handouts.models import Figure

    wanted: set[str] | None = None
    if slugs is not None:
        wanted = {
            part.body.image
            for slug in slugs
            for lang in library.languages
            for block in library.handout(slug, lang=lang).blocks
            for part in block.body
            if isinstance(part, Figure)
        }
    errors = []
    if library.logo is not None:
        try:
            load_picture(library.logo, library.font)
        except UnreadablePicture as exc:
            brand = library.sources[0]
            errors.append(_error(brand, ("logo",), f"logo '{library.brand.logo}' is {exc.reason}"))
    for located, (path, image, at) in _figures(library):
        if wanted is not None and image not in wanted:
            continue
        if located is not None:
            errors.append(located)
            continue
        try:
            load_picture(path, library.font)
        except UnreadablePicture as exc:
            errors.append(
                ContentError(at.path, at.line, at.column, f"image '{image}' is {exc.reason}")
            )
    return errors


def _figures(
    library: Library,
) -> Iterator[tuple[ContentError | None, tuple[Path, str, ContentError]]]:
    """Each figure: an error if its path is wrong (cheap: no file is opened), else its path."""
    from handouts.models import Figure

    for source, block in _all_blocks(library):
        for part in block.body:
            if not isinstance(part, Figure):
                continue
            mark = next(
                (m for text, m in text_values(source.data, Mark(1, 1)) if text == part.body.image),
                Mark(1, 1),
            )
            at = ContentError(source.display, mark.line, mark.column, "")
            found = figure_path(library.root, part.body.image)
            if isinstance(found, str):
                yield (
                    ContentError(at.path, at.line, at.column, found),
                    (Path(), part.body.image, at),
                )
            else:
                yield None, (found, part.body.image, at)


def _all_blocks(library: Library) -> Iterator[tuple[SourceFile, Block]]:
    """Every block of every language, shared or inline, with the file it is written in."""
    for (lang, block_id), source in library.block_files.items():
        yield source, library.blocks_by_lang[lang][block_id]
    for (lang, slug), source in library.condition_files.items():
        for entry in library.conditions_by_lang[lang][slug].blocks:
            if isinstance(entry, Block):
                yield source, entry


def check_characters(library: Library) -> list[ContentError]:
    """Characters the brand font cannot draw would print as empty boxes: report each one."""
    from reportlab.pdfbase.ttfonts import TTFont  # only for check and build, not for 'list'

    faces = []
    for path in library.font.files:
        try:
            faces.append(TTFont(f"check-{path.stem}", str(path)).face)
        except Exception as exc:  # ReportLab raises many kinds for bad bytes
            reason = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
            message = (
                f"font file {display_path(path)} is not a usable TrueType font ({reason}); "
                "replace it with a good copy"
            )
            return [_error(library.sources[0], ("font",), message)]
    covered = set(faces[0].charToGlyph)  # the four styles of a family cover the same characters
    errors = []
    for source in library.sources:
        for text, mark in text_values(source.data, Mark(1, 1)):
            for char in dict.fromkeys(text):
                if ord(char) not in covered and char not in "\n\r\t":
                    errors.append(
                        ContentError(
                            source.display,
                            mark.line,
                            mark.column,
                            f"unsupported character {char!r} (U+{ord(char):04X}): the font "
                            f"{library.font.family} cannot print it; use another character",
                        )
                    )
    return errors


def _check_block_refs(
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
                    _error(
                        source,
                        (*loc, "id"),
                        f"inline block id '{block_id}' is also a shared block in blocks/; "
                        "rename one of them",
                    )
                )
        elif isinstance(entry, str):
            block_id = entry
            if block_id not in shared and block_id not in known_ids:
                suggestion = did_you_mean(block_id, [*shared, *known_ids])
                errors.append(_error(source, loc, f"unknown block '{block_id}'{suggestion}"))
        else:
            continue
        if block_id in seen:
            errors.append(_error(source, loc, f"block '{block_id}' is used twice in this handout"))
        seen.add(block_id)
    return errors


def _check_brand(
    brand: Brand, source: SourceFile, root: Path, theme: Theme
) -> tuple[FontFamily | None, Path | None, list[ContentError]]:
    errors = []
    for role, message in contrast_problems(brand.colours, theme):
        errors.append(_error(source, ("colours", role), message))

    font = find_family(brand.font, root) if FONT_FAMILY.fullmatch(brand.font) else None
    if not FONT_FAMILY.fullmatch(brand.font):
        errors.append(
            _error(
                source,
                ("font",),
                f"'{brand.font}' is not a font family name: use letters, digits, spaces and "
                "hyphens, e.g. 'Atkinson Hyperlegible' (the files are found in fonts/)",
            )
        )
    elif font is None:
        base = brand.font.replace(" ", "")
        errors.append(
            _error(
                source,
                ("font",),
                f"font '{brand.font}' not found: put {base}-Regular.ttf, -Bold, -Italic and "
                f"-BoldItalic in {display_path(root / 'fonts')}/ or the project's fonts/",
            )
        )

    logo = None
    if brand.logo is not None:
        candidate = (root / brand.logo).resolve()
        if not candidate.is_relative_to(root.resolve()):
            errors.append(
                _error(source, ("logo",), "the logo must be a file inside the content folder")
            )
        elif candidate.suffix.lower() not in LOGO_SUFFIXES:
            errors.append(_error(source, ("logo",), "the logo must be an .svg or .png file"))
        elif not candidate.is_file():
            errors.append(_error(source, ("logo",), f"logo file '{brand.logo}' not found"))
        else:
            logo = candidate

    slugs: set[str] = set()
    for index, location in enumerate(brand.locations):
        if location.slug in slugs:
            errors.append(
                _error(
                    source,
                    ("locations", index, "slug"),
                    f"two locations share the slug '{location.slug}'",
                )
            )
        slugs.add(location.slug)
    return font, logo, errors
