"""blocks/ itself a link to a folder outside: each file in it is refused."""


def prepare(content, out):
    import shutil

    outside = content.parent / "elsewhere"
    shutil.move(content / "blocks", outside)
    (content / "blocks").symlink_to(outside)
