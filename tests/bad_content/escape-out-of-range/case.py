"""\\U00110000 is past the last code point: the Python parser raised ValueError."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "blocks" / "aftercare.yaml",
        "heading: After your injection",
        'heading: "After \\U00110000"',
    )
