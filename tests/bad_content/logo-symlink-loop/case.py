"""A logo that is a link to itself was a RuntimeError traceback."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(content / "brand.yaml", "name: Mini Clinic", "name: Mini Clinic\nlogo: images/logo.svg")
    (content / "images").mkdir()
    (content / "images" / "logo.svg").symlink_to("logo.svg")
