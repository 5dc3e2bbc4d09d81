"""A link in out/ has the name of a PDF the build makes (it could lead anywhere)."""

ABOUT_OUTPUT = True  # `check` writes nothing, so it has nothing to refuse


def prepare(content, out):
    (out / "neck-pain.pdf").unlink()
    (out / "neck-pain.pdf").symlink_to(out / "elsewhere.pdf")
