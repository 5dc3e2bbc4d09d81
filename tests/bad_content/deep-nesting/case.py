"""Lists nested 50,000 deep: this crashed libyaml (C recursion) before it was checked."""


def prepare(content, out):
    block = content / "blocks" / "aftercare.yaml"
    block.write_text(block.read_text() + "extra: " + "[" * 50_000 + "]" * 50_000 + "\n")
