"""out/index.html is a folder: found before any PDF is replaced, not after."""

ABOUT_OUTPUT = True  # `check` writes nothing, so it has nothing to refuse


def prepare(content, out):
    (out / "index.html").mkdir()
    (out / "index.html" / "keep.txt").write_text("someone's file")
