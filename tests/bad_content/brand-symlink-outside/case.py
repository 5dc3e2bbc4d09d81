"""brand.yaml as a link to a file outside the content folder."""

NEVER_SHOWN = ["hunter2"]


def prepare(content, out):
    secret = content.parent / "shadow"
    secret.write_text("name: root\npassword: hunter2\n")
    (content / "brand.yaml").unlink()
    (content / "brand.yaml").symlink_to(secret)
