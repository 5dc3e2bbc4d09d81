"""Two links that point at each other."""


def prepare(content, out):
    (content / "blocks" / "a.yaml").symlink_to("b.yaml")
    (content / "blocks" / "b.yaml").symlink_to("a.yaml")
