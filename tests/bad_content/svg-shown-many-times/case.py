"""One SVG of 1,400 elements, within every limit, shown 40 times in one handout: drawn 40 times,
56,000 elements, seconds of work. A picture counts each time it is shown."""


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    rects = "".join(
        f'<rect x="{n % 100}" y="{n // 100}" width="1" height="1"/>' for n in range(1400)
    )
    (content / "images" / "x.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="14">' + rects + "</svg>"
    )
