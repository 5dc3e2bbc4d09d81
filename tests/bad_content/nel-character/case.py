"""U+0085 (NEL) typed into a file: YAML counts it as a line break, editors do not."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(content / "blocks" / "aftercare.yaml", "for a day", "for\x85a day")
