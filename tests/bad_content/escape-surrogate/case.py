"""A lone surrogate escape (\\ud800): not a character at all."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "blocks" / "aftercare.yaml",
        "heading: After your injection",
        'heading: "After \\ud800 your injection"',
    )
