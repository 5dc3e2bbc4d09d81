"""`!!timestamp soon` was a traceback."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(content / "blocks" / "aftercare.yaml", "revised: 2026-01-10", "revised: !!timestamp soon")
