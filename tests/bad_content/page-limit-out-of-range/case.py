"""A page limit of 0, and one of a thousand."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "conditions" / "neck-pain.yaml",
        "revised: 2026-01-01",
        "revised: 2026-01-01\npage_limit: 1000",
    )
