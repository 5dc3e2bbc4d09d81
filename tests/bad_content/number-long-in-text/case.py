"""A 30-digit number where text belongs: said once, without echoing it."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "blocks" / "aftercare.yaml",
        "heading: After your injection",
        "heading: 123456789012345678901234567890",
    )
