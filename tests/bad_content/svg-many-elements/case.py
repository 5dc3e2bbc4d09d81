"""170,000 rectangles (4.8 MB): svglib took 54 s and 542 MB. Refused after reading 1,501."""


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    rects = '<rect width="1" height="1"/>' * 170_000
    (content / "images" / "x.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">' + rects + "</svg>"
    )
