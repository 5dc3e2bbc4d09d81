"""The disk fills up while the PDF is written (simulated: fsync reports ENOSPC)."""

import errno
import os

IN_PROCESS_ONLY = True


def patch(monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
