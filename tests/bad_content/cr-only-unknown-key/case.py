"""CR-only line endings and a typo on line 2."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(content / "blocks" / "aftercare.yaml", "heading:", "headng:")
    path = content / "blocks" / "aftercare.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
