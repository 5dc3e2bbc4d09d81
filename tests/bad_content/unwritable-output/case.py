"""An output folder this user may not write to (simulated: the tests may run as root,
which file permissions do not stop)."""

import errno
import tempfile

IN_PROCESS_ONLY = True


def patch(monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", denied)
