"""A 5,000-digit number: Python's int() refuses over 4,300 digits (ValueError)."""


def prepare(content, out):
    condition = content / "conditions" / "neck-pain.yaml"
    text = condition.read_text()
    condition.write_text(text.replace("revised:", "page_limit: " + "9" * 5_000 + "\nrevised:", 1))
