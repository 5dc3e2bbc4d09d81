"""A figure's image that is a pipe: refused without being opened."""

import os


def prepare(content, out):
    (content / "images").mkdir()
    os.mkfifo(content / "images" / "ice.png")
