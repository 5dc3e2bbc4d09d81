"""Old Mac (CR-only) line endings: the control character was reported at 1:121."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(content / "blocks" / "aftercare.yaml", "feel sore", "feel\x07 sore")
    path = content / "blocks" / "aftercare.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
