"""The output folder's name is taken by a file."""

ARGS = ["--out", "out/neck-pain.pdf"]
