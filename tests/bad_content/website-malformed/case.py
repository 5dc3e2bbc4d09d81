"""A website with spaces and no host."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "brand.yaml",
        "name: Mini Clinic",
        "name: Mini Clinic\nwebsite: https:// our clinic .org",
    )
