"""30,000 one-character values in a 90 KB file: refused before anything is built."""


def prepare(content, out):
    block = content / "blocks" / "aftercare.yaml"
    block.write_text(block.read_text() + "  - bullets: [" + ", ".join(["a"] * 30_000) + "]\n")
