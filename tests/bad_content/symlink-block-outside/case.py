"""A block that is a link to a file outside the content folder: once read and printed in full."""

NEVER_SHOWN = ["root:x:0:0"]


def prepare(content, out):
    secret = content.parent / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/bin/sh\n")
    (content / "blocks" / "passwd.yaml").symlink_to(secret)
