"""An invisible BEL character pasted into a heading."""


def prepare(content, out):
    block = content / "blocks" / "aftercare.yaml"
    block.write_text(block.read_text().replace("After your", "After\x07 your"))
