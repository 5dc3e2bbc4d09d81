"""A NUL byte in the middle of a file."""


def prepare(content, out):
    block = content / "blocks" / "aftercare.yaml"
    block.write_text(block.read_text().replace("feel sore", "feel\x00 sore"))
