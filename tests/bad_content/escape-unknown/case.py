"""A Windows path in double quotes: \\q is no escape."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "blocks" / "aftercare.yaml",
        "  - paragraph: The area may feel sore for a day or so.",
        '  - paragraph: "Save it in C:\\queue."',
    )
