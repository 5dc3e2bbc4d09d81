"""A link to a file that was deleted."""


def prepare(content, out):
    (content / "blocks" / "gone.yaml").symlink_to("deleted.yaml")
