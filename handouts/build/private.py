"""Personalised and encrypted copies, and packets: made afresh each time, never recorded in the
manifest, never listed on the catalog page, and never under a catalog file's name.

A personal copy's file is removed before the new one is made, so a failure never leaves the
previous patient's copy where the user expects this patient's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from handouts.build.plan import Job, private_mark
from handouts.build.run import Built
from handouts.content.library import Library
from handouts.content.load import load_library
from handouts.errors import HandoutsError, Interrupted, cannot_write, check_output_folder
from handouts.options import ALL, DEFAULT_OPTIONS, Options, check_password
from handouts.publish.manifest import read_published
from handouts.render.preflight import check_renderable
from handouts.render.theme import Theme

MAX_NAME_BYTES = 255
"""The longest file name Linux and macOS file systems take."""


def build_private(
    jobs: list[Job], library: Library, options: Options, report: Callable[[Built], None]
) -> None:
    """Render every copy first, then write them: a failure writes none."""
    from handouts.api import encrypt
    from handouts.render.document import render_document

    targets = [options.out / job.name for job in jobs]
    for target in targets:
        _refuse_catalog_file(target)
    _remove_previous(targets)
    check_renderable(library, {job.slug for job in jobs})
    made = []
    try:
        for job in jobs:
            theme = Theme.for_paper(job.paper, large_print=job.large_print)
            handout = replace(
                library.handout(job.slug, job.clinic, job.lang), personal=options.personal
            )
            rendered = render_document(handout, theme)
            data = rendered.data
            if options.password is not None:
                data = encrypt(data, options.password)  # pypdf: about 70 ms to import
            made.append((job, rendered.pages, data))
    except KeyboardInterrupt:
        raise Interrupted("stopped while rendering: nothing was written") from None
    for job, pages, data in made:
        path = options.out / job.name
        _write(path, data)
        report(Built(job.slug, job.lang, path, pages, len(data)))


def packet_name(slugs: list[str], private: str | None = None) -> str:
    return "-".join(["packet", *slugs, *([private] if private else [])]) + ".pdf"


def build_packet(options: Options = DEFAULT_OPTIONS, output: Path | None = None) -> Built:
    """Merge several handouts, in one language, into one PDF for a visit, and write it."""
    from handouts.api import encrypt, make_packet

    if not options.conditions:
        raise HandoutsError("name the handouts to put in the packet, e.g. migraine aftercare")
    if options.password is not None:
        check_password(options.password)
    slugs = list(dict.fromkeys(options.conditions))
    path = output or options.out / packet_name(slugs, private_mark(options))
    if len(os.fsencode(path.name)) > MAX_NAME_BYTES:
        raise HandoutsError(
            f"a packet of {len(slugs)} handouts would get a file name longer than "
            f"{MAX_NAME_BYTES} bytes; name the file with -o, e.g. -o visit.pdf"
        )
    check_output_folder(path.parent)
    _refuse_catalog_file(path)
    if options.personal is not None or options.password is not None:
        _remove_previous([path])  # before anything can fail: it is the previous patient's
    library = load_library(options.content)
    lang = library.settings.base_language if options.lang == ALL else options.lang
    private = options.personal is not None
    library.check_names(options.conditions, options.clinic, lang, private=private)
    try:
        packet = make_packet(
            library, slugs, lang=lang, clinic=options.clinic, paper=options.paper,
            large_print=options.large_print, personal=options.personal,
        )  # fmt: skip
    except KeyboardInterrupt:
        raise Interrupted("stopped while rendering: nothing was written") from None
    data = packet.data
    if options.password is not None:
        data = encrypt(data, options.password)
    _write(path, data)
    return Built("+".join(slugs), lang, path, packet.pages, len(data))


def remove_previous_copies(options: Options) -> None:
    """Before a personal build can fail, the personal copies in out/ of the handouts it makes
    (of all handouts, when none is named) go: they are the previous patient's."""
    if not options.out.is_dir():
        return
    slugs = [slug for slug in options.conditions if re.fullmatch(r"[a-z0-9-]+", slug)]
    patterns = [f"{slug}-*personal.pdf" for slug in slugs] or ["*-personal.pdf"]
    previous = {path for pattern in patterns for path in options.out.glob(pattern)}
    _remove_previous([path for path in previous if path.is_file() and not path.is_symlink()])


def _refuse_catalog_file(path: Path) -> None:
    """Never replace a generic handout (what a manifest in that folder records), the catalog
    page or a manifest: the next walk-in would get this patient's copy."""
    folder = path.parent
    reserved = {"index.html", "manifest.json"} | set(read_published(folder))
    if path.name in reserved or path.name.startswith("manifest-"):
        raise HandoutsError(
            f"{path} is a file of the catalog in {folder}; write this copy under another name "
            "(-o) or in another folder"
        )
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise HandoutsError(f"{path} is not a file (a folder, a link or a device); choose another")


def _remove_previous(paths: list[Path]) -> None:
    """A previous personal copy at the target goes before anything is made."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise cannot_write(path, exc) from None


def _write(path: Path, data: bytes) -> None:
    from handouts.publish.atomic import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise cannot_write(path, exc) from None
