"""out/manifest.json is a folder: found before any PDF is replaced."""

ABOUT_OUTPUT = True  # `check` writes nothing, so it has nothing to refuse


def prepare(content, out):
    (out / "manifest.json").mkdir()
    (out / "manifest.json" / "keep.txt").write_text("someone's file")
