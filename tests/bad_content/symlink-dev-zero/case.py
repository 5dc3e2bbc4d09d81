"""A link to /dev/zero grew to 3.7 GB, then a traceback."""


def prepare(content, out):
    (content / "blocks" / "zero.yaml").symlink_to("/dev/zero")
