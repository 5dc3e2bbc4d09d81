"""A 10 MB string: refused by size before it is parsed."""


def prepare(content, out):
    block = content / "blocks" / "aftercare.yaml"
    block.write_text(
        block.read_text().replace("paragraph: ", "paragraph: " + "word " * 2_000_000, 1)
    )
