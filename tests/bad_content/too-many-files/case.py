"""2,001 YAML files in blocks/: refused before any is read."""


def prepare(content, out):
    for index in range(2_001):
        (content / "blocks" / f"b{index:04}.yaml").write_text("id: x\n")
