"""Writing output files so that nobody ever sees half of one, and reading them back safely.

Every PDF, thumbnail, manifest and catalog page goes through here. A build *stages* each file
(written whole, under a hidden temporary name) and *commits* it (a rename) only once every
document has rendered, so a failure halfway through a catalog replaces nothing. Its own module,
apart from the PDF writer, so the manifest and no-op builds need no ReportLab.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write beside the target and rename, so readers never see a half-written file. `mode`
    0o600 for a patient's copy: readable by this user only, from the first byte."""
    commit(stage(path, data, mode=mode), path)


def stage(path: Path, data: bytes, *, mode: int = 0o644) -> Path:
    """Write `data` whole to a hidden file beside `path` and return that file's name.

    On Linux the data goes to an unnamed file (O_TMPFILE) that only gets a name once it is
    complete: a process killed mid-write leaves nothing behind. Elsewhere, a named file from
    the start. Either way the name is `.<name>.<pid>.<random>.part`, which `remove_stale_parts`
    clears once its process is gone.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_name(path)
    try:
        if not _write_unnamed(path.parent, temporary, data, mode):
            _write_file(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode), data)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def commit(temporary: Path, path: Path) -> None:
    """Put a staged file in place (one rename: readers see the old file or the new one)."""
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A file to stream into (the catalog page, card by card), put in place only when the
    block ends without an error. A named `.part` file that a later run clears if killed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_name(path)
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _temporary_name(path: Path) -> Path:
    return path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.part"


def _write_unnamed(folder: Path, name: Path, data: bytes, mode: int = 0o644) -> bool:
    """Write to an O_TMPFILE and link it as `name`; False where the system cannot."""
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY, mode)
    except (AttributeError, OSError):
        return False
    try:
        _write_file(os.dup(fd), data)
        # A relative name and dst_dir_fd make Python call linkat() with AT_SYMLINK_FOLLOW; a
        # plain os.link() calls link(), which links the /proc symlink itself and fails (EXDEV).
        folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.link(f"/proc/self/fd/{fd}", name.name, dst_dir_fd=folder_fd)
        finally:
            os.close(folder_fd)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.EXDEV, errno.EPERM):  # no /proc, or not allowed
            return False
        raise
    finally:
        os.close(fd)
    return True


def _write_file(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def remove_stale_parts(folder: Path) -> None:
    """Remove the temporary files of runs that were killed (their process is gone)."""
    for part in folder.glob(".*.part"):
        try:
            pid = int(part.name.rsplit(".", 3)[-3])
            os.kill(pid, 0)
        except ProcessLookupError:
            part.unlink(missing_ok=True)
        except (ValueError, IndexError, OSError):
            continue


def read_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes, or None: never follows a symlink, never blocks on a FIFO or a
    device, never reads more than `limit` bytes (a file in out/ may be anything)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)
