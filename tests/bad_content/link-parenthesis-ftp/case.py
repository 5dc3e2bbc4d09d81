"""Balanced parentheses in an ftp:// link: the whole address is named."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "blocks" / "aftercare.yaml",
        "      - Use ice as we told you.",
        "      - See [pain](ftp://example.org/wiki/Pain_(disambiguation)).",
    )
