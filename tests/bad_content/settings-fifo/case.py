"""settings.yaml as a pipe was silently ignored (defaults used)."""


def prepare(content, out):
    import os

    os.mkfifo(content / "settings.yaml")
