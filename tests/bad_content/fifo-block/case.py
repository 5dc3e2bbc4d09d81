"""A named pipe (FIFO) in blocks/ hung the build forever."""


def prepare(content, out):
    import os

    os.mkfifo(content / "blocks" / "pipe.yaml")
