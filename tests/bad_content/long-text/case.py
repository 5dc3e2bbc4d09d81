"""One paragraph of 50,000 characters: under the file limit, over the text limit."""


def prepare(content, out):
    block = content / "blocks" / "aftercare.yaml"
    text = block.read_text()
    block.write_text(text.replace("paragraph: ", "paragraph: " + "word " * 10_000, 1))
