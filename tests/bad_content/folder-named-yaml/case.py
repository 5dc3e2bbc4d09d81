"""A folder whose name ends in .yaml."""


def prepare(content, out):
    (content / "conditions" / "old.yaml").mkdir()
