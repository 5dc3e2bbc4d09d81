"""U+202E (right-to-left override) written as an escape reverses text on screen."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "conditions" / "neck-pain.yaml", "title: Neck pain", 'title: "Neck \\u202Epain"'
    )
