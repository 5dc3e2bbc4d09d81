"""A local tag on a list, and a %TAG directive that renames `!`."""


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def prepare(content, out):
    _edit(
        content / "blocks" / "aftercare.yaml",
        "id: aftercare",
        "%TAG !e! tag:example.com,2000:\n---\nid: aftercare",
    )
    _edit(content / "blocks" / "aftercare.yaml", "  - bullets:\n", "  - bullets: !e!list\n")
