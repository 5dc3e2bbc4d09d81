"""Every tag in a file is reported, each at its place."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "blocks" / "aftercare.yaml",
        "heading: After your injection",
        "heading: !!python/name:os.system",
    )
    _edit(content / "blocks" / "aftercare.yaml", "reviewed_by:\n", "reviewed_by: !!null\n")
    _edit(
        content / "blocks" / "aftercare.yaml",
        "      - Use ice",
        "      - !!float 1.5\n      - Use ice",
    )
