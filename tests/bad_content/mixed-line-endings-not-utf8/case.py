"""CR, CRLF and LF mixed, and a byte that is not UTF-8 on line 7."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(content / "blocks" / "aftercare.yaml", "feel sore", "feel søre")
    path = content / "blocks" / "aftercare.yaml"
    lines = path.read_bytes().split(b"\n")
    data = b"\r".join(lines[:3]) + b"\r\n" + b"\n".join(lines[3:])
    path.write_bytes(data.replace("ø".encode(), b"\xf8"))
