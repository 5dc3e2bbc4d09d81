"""brand.es.yaml as a named pipe: refused without being opened (reading it would block)."""

import os


def prepare(content, out):
    os.mkfifo(content / "brand.es.yaml")
