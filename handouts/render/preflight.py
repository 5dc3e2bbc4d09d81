"""The checks that need the renderer's own readers: the brand font can print every character,
the logo and figures open, the patient's details are printable. Run before anything is drawn,
only for the handouts a build renders, so a problem is a located message, never a traceback
halfway through a build."""

from __future__ import annotations

from collections.abc import Iterable

from handouts.content.checks import check_handout_sizes, part_files
from handouts.content.library import Library
from handouts.content.loader import Mark
from handouts.content.locate import error_at, text_values
from handouts.content.personal import Personal, unsupported_characters
from handouts.errors import ContentError, ContentErrors, HandoutsError, display_path


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
    from handouts.render.images import UnreadablePicture, load_picture

    errors = []
    if library.logo is not None:
        try:
            load_picture(library.logo, library.font)
        except UnreadablePicture as exc:
            brand = library.sources[0]
            errors.append(
                error_at(brand, ("logo",), f"logo '{library.brand.logo}' is {exc.reason}")
            )
    for image, found, at in part_files(library, slugs):
        if isinstance(found, ContentError):
            errors.append(found)
            continue
        try:
            load_picture(found, library.font)
        except UnreadablePicture as exc:
            errors.append(
                ContentError(at.path, at.line, at.column, f"image '{image}' is {exc.reason}")
            )
    return errors


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
            return [error_at(library.sources[0], ("font",), message)]
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


def check_personal(library: Library, personal: Personal | None) -> None:
    """The personal text must be printable in the brand font; say which option, not its text."""
    if personal is None:
        return
    from reportlab.pdfbase.ttfonts import TTFont

    covered = set(TTFont("coverage", str(library.font.files[0])).face.charToGlyph)
    problems = unsupported_characters(personal, covered)
    if problems:
        raise HandoutsError("; ".join(problems))
