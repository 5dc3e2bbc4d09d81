"""Personalised and encrypted copies, and packets: made afresh each time, never recorded in a
manifest, never listed on the catalog page, and never written to the catalog folder.

A patient's copy goes to a private folder (by default `private/` beside `out/`: git-ignored,
the folder readable by this user only, each file too) under a name made unique by the time and
a random part, so one patient's copy never replaces another's and never sits where the front
desk prints stock handouts from; or to a path, or standard output, given with -o.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
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
from handouts.render.copyfit import over_generic, render_fitted
from handouts.render.preflight import check_renderable
from handouts.render.theme import Theme

MAX_NAME_BYTES = 255
"""The longest file name Linux and macOS file systems take."""
STDOUT = Path("-")


def build_private(
    jobs: list[Job], library: Library, options: Options, report: Callable[[Built], None]
) -> None:
    """Render every copy first, then write them: a failure writes none."""
    from handouts.api import encrypt

    if options.output is not None and len(jobs) != 1:
        raise HandoutsError(
            f"-o takes one document, and these options make {len(jobs)}; name one handout and "
            "one language (--lang), or leave out -o"
        )
    _refuse_published_folder(options)
    targets = [_target(options, job.name) for job in jobs]
    folder = options.output.parent if options.output is not None else options.private_folder
    if options.output != STDOUT:
        check_output_folder(folder)
    for target in targets:
        _refuse_catalog_file(target)
    _remove_previous([t for t in targets if t != STDOUT])  # only a path given with -o exists
    check_renderable(library, {job.slug for job in jobs})
    made = []
    try:
        for job in jobs:
            theme = Theme.for_paper(job.paper, large_print=job.large_print)
            handout = replace(
                library.handout(job.slug, job.clinic, job.lang), personal=options.personal
            )
            rendered = render_fitted(handout, theme)  # on as many pages as the generic copy
            data = rendered.data
            if options.password is not None:
                data = encrypt(data, options.password)  # pypdf: about 70 ms to import
            said = over_generic(job.slug, job.lang, rendered)
            made.append((job, rendered.pages, data, (said,) if said else ()))
    except KeyboardInterrupt:
        raise Interrupted("stopped while rendering: nothing was written") from None
    for (job, pages, data, warnings), target in zip(made, targets, strict=True):
        built = Built(job.slug, job.lang, target, pages, len(data), warnings=warnings)
        report(_deliver(built, data))


def packet_name(slugs: list[str], private: str | None = None) -> str:
    return "-".join(["packet", *slugs, *([private] if private else [])]) + ".pdf"


def build_packet(options: Options = DEFAULT_OPTIONS, output: Path | None = None) -> Built:
    """Merge several handouts, in one language, into one PDF for a visit, and write it: a
    generic packet to `out/`, a personal or encrypted one to the private folder."""
    from handouts.api import encrypt, make_packet

    if not options.conditions:
        raise HandoutsError("name the handouts to put in the packet, e.g. migraine aftercare")
    if options.password is not None:
        check_password(options.password)
    slugs = list(dict.fromkeys(options.conditions))
    output = output or options.output
    mark = private_mark(options)
    name = packet_name(slugs, mark)
    if output is None and len(os.fsencode(name)) > MAX_NAME_BYTES - 24:
        raise HandoutsError(
            f"a packet of {len(slugs)} handouts would get a file name longer than "
            f"{MAX_NAME_BYTES} bytes; name the file with -o, e.g. -o visit.pdf"
        )
    if output is not None:
        path = output
    elif mark is not None:
        _refuse_published_folder(options)
        path = _target(options, name)
    else:
        path = options.out / name
    if path != STDOUT:
        check_output_folder(path.parent)
        _refuse_catalog_file(path)
        if mark is not None and output is not None:
            _remove_previous([path])  # before anything can fail: it is the previous patient's
    library = load_library(options.content)
    lang = library.settings.base_language if options.lang == ALL else options.lang
    library.check_names(options.conditions, options.clinic, lang, private=mark == "personal")
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
    said = over_generic("the packet " + " + ".join(slugs), lang, packet)
    warnings = (said,) if said else ()
    built = Built("+".join(slugs), lang, path, packet.pages, len(data), warnings=warnings)
    return _deliver(built, data, private=mark is not None)


def remove_previous_copies(options: Options) -> None:
    """A path given with -o for a personal copy goes before anything can fail: whatever is
    there is the previous patient's, and must not be taken for this one's."""
    if options.output is not None and options.output != STDOUT:
        _refuse_catalog_file(options.output)
        _remove_previous([options.output])


def _refuse_published_folder(options: Options) -> None:
    """The private folder is never the catalog folder, which is published."""
    if options.private_folder.resolve() == options.out.resolve():
        raise HandoutsError(
            f"--private {options.private_folder} is the catalog folder (--out), which is "
            "published; personal copies need a folder of their own"
        )


def _target(options: Options, name: str) -> Path:
    """-o's path, or a name in the private folder no other copy has or will have."""
    if options.output is not None:
        return options.output
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    unique = f"{name.removesuffix('.pdf')}-{stamp}-{secrets.token_hex(3)}.pdf"
    return options.private_folder / unique


def _deliver(built: Built, data: bytes, *, private: bool = True) -> Built:
    """Write the file (readable by this user only when it is a patient's), or hand the bytes
    back for standard output."""
    if built.path == STDOUT:
        return replace(built, data=data)
    folder = built.path.parent
    if private and not folder.exists():
        try:
            folder.mkdir(mode=0o700, parents=True)
        except OSError as exc:
            raise cannot_write(folder, exc) from None
    _write(built.path, data, mode=0o600 if private else 0o644)
    return built


def _refuse_catalog_file(path: Path) -> None:
    """Never replace a generic handout (what a manifest in that folder records), the catalog
    page or a manifest: the next walk-in would get this patient's copy."""
    if path == STDOUT:
        return
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
    for path in paths:
        try:
            if path.is_file() and not path.is_symlink():
                path.unlink()
        except OSError as exc:
            raise cannot_write(path, exc) from None


def _write(path: Path, data: bytes, *, mode: int) -> None:
    from handouts.publish.atomic import write_atomic

    try:
        write_atomic(path, data, mode=mode)
    except OSError as exc:
        raise cannot_write(path, exc) from None
