"""A file whose name holds a terminal's escape codes (ESC [2J clears the screen): messages
name it with the escape replaced, so printing the error cannot drive the terminal."""


def prepare(content, out):
    (content / "blocks" / "clear\x1b[2J.yaml").write_text("id: clear\n")
    condition = (content / "conditions" / "neck-pain.yaml").read_text()
    (content / "conditions" / "neck-pain.\x1b[31mred.yaml").write_text(condition)
