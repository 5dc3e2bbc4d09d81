"""A socket in blocks/ (left behind by a program)."""


def prepare(content, out):
    import os
    import socket

    here = os.getcwd()
    os.chdir(content / "blocks")
    try:
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind("socket.yaml")
    finally:
        os.chdir(here)
