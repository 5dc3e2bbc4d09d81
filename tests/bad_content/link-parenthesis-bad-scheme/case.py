"""A link whose URL holds parentheses is read whole, so its scheme is checked on all of it."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "blocks" / "aftercare.yaml",
        "feel sore for a day or so.",
        "feel sore. See [this](javascript:alert(document.cookie)).",
    )
