"""A 100,000-item list small enough (200 KB) to pass the file-size limit: refused by its
number of values before anything is built (it once took a second and 60 MB to load)."""


def prepare(content, out):
    block = content / "blocks" / "aftercare.yaml"
    block.write_text(block.read_text() + "  - bullets: [" + ", ".join(["a"] * 100_000) + "]\n")
