"""A logo inside content/ that is a symlink to a file outside it."""


def prepare(content, out):
    outside = content.parent / "outside.png"
    outside.write_bytes(b"secret")
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "logo.png").symlink_to(outside)
