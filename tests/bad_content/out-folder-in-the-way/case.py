"""A folder in out/ has the name of a PDF the build makes: it is not replaced, not followed."""

ABOUT_OUTPUT = True  # `check` writes nothing, so it has nothing to refuse


def prepare(content, out):
    (out / "neck-pain.pdf").unlink()
    (out / "neck-pain.pdf").mkdir()
    (out / "neck-pain.pdf" / "keep.txt").write_text("someone's file")
