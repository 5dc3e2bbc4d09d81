"""A clinic's content folder that inherits from a base content folder (docs/brands.md).

A clinic folder holds its own `brand.yaml` (and `brand.<lang>.yaml`), whose `inherits:` names
the base content folder, relative to the clinic folder. Every block, condition, image, font and
`settings.yaml` the clinic folder lacks is the base's; a file of the same name in the clinic
folder (`blocks/contact-us.yaml`, `images/logo.svg`) replaces the base's whole, per language.
The brand files are never inherited: a clinic's name, colours, clinics and wording are its own.

One level only: a base that itself inherits is refused (a chain, or a cycle when it leads back).
Each file is read inside its own folder, with the loader's rules (load.py): a clinic file that
is a link into the base, or a base file that links out of the base, is refused like any link
out of a content folder. Messages name the real file, the base's or the clinic's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from handouts.content.loader import MarkedDict, SourceFile
from handouts.content.locate import error_at, mark_of
from handouts.content.markup import excerpt
from handouts.errors import ContentError, display_path

INHERITS = "inherits"
"""The key in brand.yaml that names a clinic folder's base content folder."""

Reader = Callable[[Path, Path], SourceFile | None]
"""Reads one YAML file (its path, the folder it must stay inside) safely; None if unusable."""


def base_folder(
    root: Path, brand: SourceFile | None, read: Reader
) -> tuple[Path | None, list[ContentError]]:
    """The base folder brand.yaml's `inherits:` names (resolved), or None without the key;
    with the problems, located at that key, when it names no usable base."""
    data = brand.data if brand is not None else None
    if brand is None or not isinstance(data, MarkedDict) or INHERITS not in data:
        return None, []
    written = data[INHERITS]
    if not isinstance(written, str) or not written.strip():
        return None, []  # the Brand model says what the value should be

    def refuse(message: str) -> tuple[None, list[ContentError]]:
        return None, [error_at(brand, (INHERITS,), message)]

    shown = excerpt(written)
    if Path(written).is_absolute() or written.startswith("~"):
        return refuse(
            f"'{shown}' is not relative to this folder: write the base content folder's path "
            "from here, e.g. ../../content, so both folders can move together"
        )
    try:
        base = (root / written).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a loop of links
        return refuse(
            f"base content folder '{shown}' not found (looked for "
            f"{display_path(root / written)}): 'inherits' names it relative to this folder, "
            "e.g. ../../content"
        )
    if base == root.resolve():
        return refuse(
            f"'{shown}' is this folder itself (a cycle): name the base content folder, whose "
            "blocks and conditions this clinic shares"
        )
    if not base.is_dir() or not (base / "brand.yaml").is_file():
        return refuse(
            f"'{shown}' ({display_path(base)}) is not a content folder (it has no brand.yaml): "
            "name the folder that holds the shared blocks/ and conditions/"
        )
    further = read(base / "brand.yaml", base)
    if further is not None and isinstance(further.data, MarkedDict) and INHERITS in further.data:
        mark = mark_of(further, INHERITS)
        where = f"{further.display}:{mark.line}"
        target = further.data[INHERITS]
        back = isinstance(target, str) and _same(base / target, root)
        if back:
            return refuse(
                f"a cycle: '{shown}' inherits this folder back ({where}); a base folder "
                "inherits nothing: remove 'inherits:' there"
            )
        return refuse(
            f"'{shown}' itself inherits another folder ({where}): one level only; inherit "
            "from the folder that holds the shared blocks and conditions"
        )
    return base, []


def _same(path: Path, other: Path) -> bool:
    try:
        return path.resolve(strict=True) == other.resolve(strict=True)
    except (OSError, RuntimeError):
        return False


def merged(own: list[Path], inherited: list[Path]) -> list[Path]:
    """One folder's files, the clinic's own and the base's it does not replace, by name. A
    clinic file replaces the base file of the same name, whatever its ending (.yaml, .yml)."""
    mine = {path.stem for path in own}
    return sorted([*own, *(path for path in inherited if path.stem not in mine)], key=_name)


def _name(path: Path) -> str:
    return path.name


def layer_of(path: Path, root: Path, base: Path | None) -> Path:
    """The folder a content file belongs to, and must stay inside, from the path as `find` and
    `merged` build it (`base/…` or `root/…`, links not followed): the nearer of the two when
    one folder holds the other."""
    if base is None or not path.is_relative_to(base):
        return root
    return root if path.is_relative_to(root) and len(root.parts) > len(base.parts) else base


def find(relative: str, root: Path, base: Path | None) -> Path:
    """A file by its path in the content folder: the clinic's own when it has one (or a link by
    that name, which the reader then judges), else the base's."""
    own = root / relative
    if base is None or os.path.lexists(own):
        return own
    return base / relative


def origin(path: Path, root: Path, base: Path | None) -> str:
    """Where a content file comes from, as `handouts list` says it: 'own', 'overrides <the
    base's file>' or 'inherited from <base folder>'; '' for a folder that inherits nothing."""
    if base is None:
        return ""
    if layer_of(path, root, base) == base:
        return f"inherited from {display_path(base)}"
    folder = base / path.parent.name
    twins = (folder / f"{path.stem}.yaml", folder / f"{path.stem}.yml", folder / path.name)
    found = next((twin for twin in twins if os.path.lexists(twin)), None)
    return f"overrides {display_path(found)}" if found is not None else "own"
