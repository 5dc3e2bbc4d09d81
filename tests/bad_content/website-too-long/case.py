"""A 5,020-character website: the QR encoder raised an exception."""


def prepare(content, out):
    brand = content / "brand.yaml"
    website = "https://example.org/" + "a" * 5_000
    brand.write_text(brand.read_text().replace("tagline:", f"website: {website}\ntagline:", 1))
