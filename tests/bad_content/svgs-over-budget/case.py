"""Four SVG figures, each within every limit of its own (1,401 elements), which together
would keep svglib busy for seconds: the run's pictures share one budget."""


def prepare(content, out):
    (content / "images").mkdir(exist_ok=True)
    rects = '<rect width="1" height="1" fill="#2A8C82"/>' * 1400
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">' + rects + "</svg>"
    for n in range(4):
        (content / "images" / f"f{n}.svg").write_text(svg.replace("#2A8C82", f"#2A8C8{n}"))
