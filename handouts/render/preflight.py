"""The checks that need the renderer's own readers: the brand font can print every character,
the logo and figures open, the patient's details are printable. Run before anything is drawn,
only for the handouts a build renders, so a problem is a located message, never a traceback
halfway through a build.

Characters: headings and bold text use the Bold file, emphasis the Italic, and so on, so every
character the content uses, and every one the engine prints itself (list bullets, page
numbers), must be in each of the family's four files; a character missing from only some of
them is named once per file, where it is first used. An SVG's text must be in the file of the
style it is drawn in.

Pictures: besides each file's own limits (render/images.py), the pictures one run reads
together are bounded, so many pictures each within its limit cannot add up to minutes of work.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.content.checks import check_handout_sizes, part_files
from handouts.content.fonts import STYLES
from handouts.content.library import Library
from handouts.content.loader import Mark
from handouts.content.locate import error_at, text_values
from handouts.content.personal import Personal, unsupported_characters
from handouts.errors import ContentError, ContentErrors, HandoutsError, display_path

if TYPE_CHECKING:
    from handouts.render.images import Picture

MAX_PICTURES_WORK = 3_000
"""SVG elements (copies included) of all the distinct pictures one run reads: two detailed
diagrams, or a logo and many simple figures. svglib takes about a millisecond each."""
MAX_PICTURES_RASTER_BYTES = 144_000_000
"""RGB(A) bytes of all the distinct raster pictures one run reads (three 4000 x 4000 ones);
each is decoded in turn, never together."""
MAX_HANDOUT_WORK = 10_000
"""SVG elements one handout draws, a picture counted each time it is shown (ReportLab draws
about ten thousand a second)."""
MAX_HANDOUT_RASTER_BYTES = 144_000_000
"""RGB(A) bytes one handout draws, a picture counted each time it is shown (each showing is
hashed, and an SVG's embedded pictures decoded, again)."""
ENGINE_CHARACTERS = "0123456789•·.:/-() "
"""Printed by the engine itself: page numbers and dates, list bullets, the footer's separator."""


def check_renderable(library: Library, slugs: Iterable[str] | None = None) -> None:
    """Everything that must hold before rendering these handouts (all when `slugs` is None):
    characters, pictures (only those the named handouts use) and content size."""
    wanted = set(slugs) if slugs is not None else None
    problems = check_characters(library) + check_pictures(library, wanted)
    problems += check_handout_sizes(library, wanted)
    if problems:
        raise ContentErrors(problems)


def check_pictures(library: Library, slugs: Iterable[str] | None = None) -> list[ContentError]:
    """Open the logo and the figures (of the named handouts, else all), so a bad file is a
    located content error rather than a failed build."""
    from handouts.render.images import Budget, OverBudget, UnreadablePicture, load_picture

    errors: list[ContentError] = []
    pictures: list[tuple[str, Path, ContentError]] = []
    if library.logo is not None:
        brand = error_at(library.sources[0], ("logo",), "")
        pictures.append((f"logo '{library.brand.logo}'", library.logo, brand))
    for image, found, at in part_files(library, slugs):
        if isinstance(found, ContentError):
            errors.append(found)
        else:
            pictures.append((f"image '{image}'", found, at))
    budget = Budget(MAX_PICTURES_WORK, MAX_PICTURES_RASTER_BYTES)
    faces = _faces(library)
    read: dict[Path, Picture | None] = {}
    for what, path, at in pictures:
        if path not in read:
            try:
                read[path] = load_picture(path, library.font, budget)
            except OverBudget as exc:
                errors.append(_at(at, _over_budget(what, exc.kind)))
                break  # the rest would take too long to read: that is the point
            except UnreadablePicture as exc:
                read[path] = None
                errors.append(_at(at, f"{what} is {exc.reason}"))
        picture = read[path]
        if picture is not None and isinstance(faces, list):
            errors += _svg_text(what, at, picture.text, faces, library)
    return errors + _shown(library, slugs, read)


def _shown(
    library: Library, slugs: Iterable[str] | None, read: dict[Path, Picture | None]
) -> list[ContentError]:
    """What each handout draws, a picture counted each time it is shown: one small SVG shown a
    thousand times is as slow as a huge one."""
    from handouts.content.checks import figure_path

    wanted = set(slugs) if slugs is not None else None
    errors = []
    for (lang, slug), source in library.condition_files.items():
        if wanted is not None and slug not in wanted:
            continue
        try:
            handout = library.handout(slug, lang=lang)
        except (KeyError, HandoutsError):
            continue  # reported by the checks of the content itself
        shown: list[Path | str] = [library.logo] if library.logo is not None else []
        for block in handout.blocks:
            for part in block.body:
                shown += [
                    figure_path(library.root, name, library.base_folder) for name in part.files()
                ]
        pictures = [read.get(path) for path in shown if isinstance(path, Path)]
        work = sum(picture.work for picture in pictures if picture)
        raster = sum(picture.raster_bytes for picture in pictures if picture)
        if work > MAX_HANDOUT_WORK or raster > MAX_HANDOUT_RASTER_BYTES:
            amount = (
                f"{work:,} SVG elements (at most {MAX_HANDOUT_WORK:,})"
                if work > MAX_HANDOUT_WORK
                else f"{raster // 1_000_000:,} MB of pixels (at most "
                f"{MAX_HANDOUT_RASTER_BYTES // 1_000_000} MB)"
            )
            message = (
                f"this handout shows {len(pictures):,} pictures that draw {amount}, each "
                "counted every time it is shown; show fewer, simpler or smaller pictures"
            )
            errors.append(ContentError(source.display, 1, 1, message))
    return errors


def _at(at: ContentError, message: str) -> ContentError:
    return ContentError(at.path, at.line, at.column, message)


def _over_budget(what: str, kind: str) -> str:
    if kind == "work":
        return (
            f"{what} brings the SVG pictures these handouts use to more than "
            f"{MAX_PICTURES_WORK:,} elements in all; simplify them or save some as PNG"
        )
    return (
        f"{what} brings the pictures these handouts use to more than "
        f"{MAX_PICTURES_RASTER_BYTES // 1_000_000} MB of pixels in all (three 4000 x 4000 "
        "pictures); save them smaller: 2000 pixels across is plenty for a handout"
    )


def _svg_text(
    what: str,
    at: ContentError,
    text: tuple[tuple[str, str], ...],
    faces: list[frozenset[int]],
    library: Library,
) -> list[ContentError]:
    """An SVG's text is drawn in the brand family, in the style its font-weight and font-style
    ask for: that file must have each character."""
    errors = []
    for style, chars in text:
        index = STYLES.index(style) if style in STYLES else 0
        path = library.font.files[index]
        for char in chars:
            if ord(char) not in faces[index] and not char.isspace():
                errors.append(
                    _at(
                        at,
                        f"{what} has text with {char!r} (U+{ord(char):04X}), which the font "
                        f"file {display_path(path)} ({style}) cannot print; change the text "
                        "or convert it to outlines",
                    )
                )
    return errors


def _faces(library: Library) -> list[frozenset[int]] | ContentError:
    """What each of the family's four files can print, or the problem with the first bad one,
    located at brand.yaml's font."""
    from handouts.render.fonts import font_file_problem, printable, style_problem

    faces = []
    for style, path in zip(STYLES, library.font.files, strict=True):
        problem = font_file_problem(path) or style_problem(path, style)
        if problem is None:
            try:
                faces.append(printable(path))
                continue
            except Exception as exc:  # ReportLab raises many kinds for bad bytes
                reason = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
                problem = f"not a usable TrueType font ({reason}); replace it with a good copy"
        message = f"font file {display_path(path)} is {problem}"
        return error_at(library.sources[0], ("font",), message)
    return faces


def check_characters(library: Library) -> list[ContentError]:
    """Characters a font file cannot draw would print as empty boxes: report each one."""
    faces = _faces(library)
    if isinstance(faces, ContentError):
        return [faces]
    everywhere = frozenset.intersection(*faces)
    anywhere = frozenset.union(*faces)
    errors = []
    for char in ENGINE_CHARACTERS:
        for path, face in zip(library.font.files, faces, strict=True):
            if ord(char) not in face:
                message = (
                    f"font file {display_path(path)} has no {char!r} (U+{ord(char):04X}), "
                    "which the handouts print (page numbers, dates, list bullets); use a font "
                    "that has it"
                )
                errors.append(error_at(library.sources[0], ("font",), message))
    reported: set[tuple[str, Path]] = set()
    for source in library.sources:
        for text, mark in text_values(source.data, Mark(1, 1)):
            for char in dict.fromkeys(text):
                if ord(char) in everywhere or char in "\n\r\t":
                    continue
                if ord(char) not in anywhere:
                    errors.append(
                        ContentError(
                            source.display,
                            mark.line,
                            mark.column,
                            f"unsupported character {char!r} (U+{ord(char):04X}): the font "
                            f"{library.font.family} cannot print it; use another character",
                        )
                    )
                    continue
                for style, path, face in zip(STYLES, library.font.files, faces, strict=True):
                    if ord(char) in face or (char, path) in reported:
                        continue
                    reported.add((char, path))
                    errors.append(
                        ContentError(
                            source.display,
                            mark.line,
                            mark.column,
                            f"character {char!r} (U+{ord(char):04X}) is not in the font file "
                            f"{display_path(path)}, so {_uses(style)} cannot print it (an "
                            "empty box, or nothing); use font files that all have it (first "
                            "use here)",
                        )
                    )
    return errors


def _uses(style: str) -> str:
    return {
        "Regular": "ordinary text",
        "Bold": "headings and bold text",
        "Italic": "italic text",
        "BoldItalic": "bold italic text",
    }[style]


def check_personal(library: Library, personal: Personal | None) -> None:
    """The personal text must be printable in the brand font; say which option, not its text."""
    if personal is None:
        return
    faces = _faces(library)
    if isinstance(faces, ContentError):
        return  # check_renderable, which comes next, reports it with its place
    covered = set(frozenset.intersection(*faces))
    problems = unsupported_characters(personal, covered)
    if problems:
        raise HandoutsError("; ".join(problems))
