"""Writing output files so that nobody ever sees half of one.

Every PDF, thumbnail and manifest goes through `write_atomic`. Its own module, apart from the
PDF writer, so the manifest and no-op builds can use it without importing ReportLab.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so readers never see a half-written PDF.

    On Linux the data goes to an unnamed file (O_TMPFILE) that only gets a name once it is
    complete: a build killed mid-write leaves nothing behind. Elsewhere, a named
    `.<name>.<pid>.<random>.part` file, which `remove_stale_parts` clears after a crash.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.part"
    try:
        if not _write_unnamed(path.parent, temporary, data):
            _write_file(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644), data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_unnamed(folder: Path, name: Path, data: bytes) -> bool:
    """Write to an O_TMPFILE and link it as `name`; False where the system cannot."""
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
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
    """Remove the temporary files of builds that were killed (their process is gone)."""
    for part in folder.glob(".*.part"):
        try:
            pid = int(part.name.rsplit(".", 3)[-3])
            os.kill(pid, 0)
        except ProcessLookupError:
            part.unlink(missing_ok=True)
        except (ValueError, IndexError, OSError):
            continue
