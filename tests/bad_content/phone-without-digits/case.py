"""A phone number with no digits makes a tap-to-call link to nowhere."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(content / "brand.yaml", "phone: 555 010-0001", "phone: call the front desk")
