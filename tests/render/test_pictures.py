"""Pictures: no NaN or infinity reaches a page, whatever an SVG says; a PNG's bytes in the PDF are
exactly ReportLab's own; the memory a picture at the limit takes.

The corpus (tests/bad_content/) holds one case per kind of problem with its exact message; this
file throws many variants at the reader and checks the property instead."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from handouts.content.fonts import find_family
from handouts.render.images import UnreadablePicture, load_picture
from tests.conftest import ROOT, SHIPPED_CONTENT
from tests.render.imagefiles import png

FONT = find_family("Atkinson Hyperlegible", SHIPPED_CONTENT)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
GRADIENT = (
    '<defs><linearGradient id="g" {}><stop offset="0"/><stop offset="1"/></linearGradient></defs>'
)

ROOTS = {
    "width nan": 'width="nan" height="10"',
    "width inf": 'width="inf" height="10"',
    "width 1e999": 'width="1e999" height="10"',
    "width underscored": 'width="1e3_00" height="10"',
    "width nanpx": 'width="nanpx" height="10"',
    "height infin": 'width="10" height="infin"',
    "width tiny": 'width="1e-300" height="10"',
    "width 1e9in": 'width="1e9in" height="10"',
    "viewBox nan": 'viewBox="0 0 nan 10"',
    "viewBox tiny": 'width="100" height="100" viewBox="0 0 1e-300 1e-300"',
    "viewBox negative": 'viewBox="0 0 -10 10"',
}
BODIES = {
    "rect x": '<rect x="NaN" width="1" height="1"/>',
    "rect percent": '<rect width="1e400%" height="1"/>',
    "circle r": '<circle r="inf"/>',
    "ellipse rx": '<ellipse rx="-nan" ry="1"/>',
    "line x2": '<line x2="+Infinity" y2="1" stroke="red"/>',
    "polyline": '<polyline points="0,0 nan,5" stroke="red"/>',
    "polygon": '<polygon points="0,0 1e999,5"/>',
    "path huge": '<path d="M0 0 L 1e308 1e308 L -1e308 -1e308"/>',
    "path glued": '<path d="M0 0L1e999-5"/>',
    "arc tiny radius": '<path d="M0 0 A 1e-300 1e-300 0 0 1 10 10"/>',
    "arc zero length": '<path d="M0 0 A 5 5 0 0 1 0 0" stroke="red"/>',
    "matrix nan": '<g transform="matrix(nan 0 0 1 0 0)"><rect/></g>',
    "matrix composed": '<g transform="matrix(1e9 0 0 1e9 0 0)">' * 3 + "<rect/>" + "</g>" * 3,
    "skew 90": '<g transform="skewX(90)"><rect width="1" height="1"/></g>',
    "rotate nan": '<g transform="rotate(nan 1 1)"><rect/></g>',
    "scale scale": '<g transform="scale(1e9) scale(1e9)"><rect/></g>',
    "stroke-width": '<rect width="1" height="1" stroke="red" stroke-width="nan"/>',
    "font-size nan": '<text font-size="nan">a</text>',
    "font-size tiny": '<text font-size="1e-300">a</text>',
    "opacity": '<rect width="1" height="1" opacity="nan" fill-opacity="inf"/>',
    "stop offset": '<defs><linearGradient id="g"><stop offset="nan"/><stop offset="1"/>'
    '</linearGradient></defs><rect width="5" height="5" fill="url(#g)"/>',
    "gradient x1": '<defs><linearGradient id="g" x1="1e999"><stop offset="0"/><stop offset="1"/>'
    '</linearGradient></defs><rect width="5" height="5" fill="url(#g)"/>',
    "style attribute": '<rect width="1" height="1" style="stroke:red;stroke-width: nan"/>',
    "style element": "<style>rect { stroke-width: 1e999 }</style><rect/>",
    "colour nan": '<rect width="1" height="1" fill="rgb(nan, 0, 0)"/>',
    "colour huge": '<rect width="1" height="1" fill="rgb(1e999, 0, 0)"/>',
    "dash nan": '<path d="M0 0 L5 5" stroke="red" stroke-dasharray="nan 1"/>',
    "dash negative": '<path d="M0 0 L5 5" stroke="red" stroke-dasharray="-1 2"/>',
    "miter": '<path d="M0 0 L5 5" stroke="red" stroke-miterlimit="nan"/>',
    "nested svg": '<svg width="1e9" height="1e9" viewBox="0 0 1e-9 1e-9"><rect/></svg>',
    "use x": '<defs><rect id="r" width="1" height="1"/></defs><use xlink:href="#r" x="nan"/>',
    "text dx": '<text x="1" y="5" dx="nan">a</text>',
    "tspan y": '<text x="1" y="5">a<tspan y="inf">b</tspan></text>',
}
HOSTILE = {
    **{name: f'{attributes}><rect width="1" height="1"/>' for name, attributes in ROOTS.items()},
    **{name: f'width="10" height="10">{body}' for name, body in BODIES.items()},
}


def _svg(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / (re.sub(r"\W", "-", name) + ".svg")
    path.write_text(SVG + body + "</svg>")
    return path


_TOKEN = re.compile(rb"(?<![\w./])[-+]?(?:nan|inf)(?!\w)", re.IGNORECASE)
_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)")


def _draws_finitely(drawing: object) -> bool:
    """Draw it on a page, uncompressed, and look for a non-finite number outside strings."""
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.save()
    return not _TOKEN.search(_STRING.sub(b"()", buffer.getvalue()))


@pytest.mark.parametrize("name", HOSTILE)
def test_no_nan_or_infinity_reaches_a_page(name: str, tmp_path: Path) -> None:
    path = _svg(tmp_path, name, HOSTILE[name])
    try:
        picture = load_picture(path, FONT)
    except UnreadablePicture as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert _draws_finitely(picture.drawable), name


def test_an_ordinary_svg_still_draws(tmp_path: Path) -> None:
    path = _svg(tmp_path, "fine", 'width="10" height="10"><path d="M0 0 A 5 5 0 0 1 10 10"/>')
    assert _draws_finitely(load_picture(path, FONT).drawable)


# ---- the same bytes as ReportLab's own reader ------------------------------------------------


def _modes() -> dict[str, bytes]:
    def saved(image: Image.Image, **options: object) -> bytes:
        buffer = io.BytesIO()
        image.save(buffer, "PNG", **options)
        return buffer.getvalue()

    gradient = Image.linear_gradient("L").resize((90, 60))
    rgb = Image.merge("RGB", (gradient, gradient.rotate(90), gradient.transpose(0)))
    rgba = Image.merge("RGBA", (*rgb.split(), gradient.rotate(180)))
    palette = rgb.convert("P", palette=Image.Palette.ADAPTIVE, colors=50)
    jpeg = io.BytesIO()
    rgb.save(jpeg, "JPEG")
    return {
        "RGB": saved(rgb),
        "RGBA": saved(rgba),
        "L": saved(gradient),
        "LA": saved(Image.merge("LA", (gradient, gradient.rotate(90)))),
        "P": saved(palette),
        "P with transparency": saved(palette, transparency=3),
        "RGB with transparency": saved(rgb, transparency=(0, 0, 0)),
        "1": saved(gradient.convert("1")),
        "16-bit grey": saved(gradient.convert("I").point(lambda v: v * 250).convert("I;16")),
        "interlaced": png(90, 60, colour_type=2, interlaced=True),
        "JPEG named .png": jpeg.getvalue(),
    }


def _pdf(draw: object) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    draw(canvas)  # type: ignore[operator]
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize("mode", list(_modes()))
def test_a_png_is_embedded_byte_for_byte_as_reportlab_does(mode: str, tmp_path: Path) -> None:
    from reportlab.lib.utils import ImageReader

    path = tmp_path / "x.png"
    path.write_bytes(_modes()[mode])
    ours = load_picture(path, FONT).drawable
    theirs = ImageReader(str(path))
    twice = _pdf(lambda c: [c.drawImage(ours, 0, n * 100, 90, 60, mask="auto") for n in range(2)])
    assert twice == _pdf(
        lambda c: [c.drawImage(theirs, 0, n * 100, 90, 60, mask="auto") for n in range(2)]
    )


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "P with transparency", "L"])
def test_an_embedded_picture_is_drawn_byte_for_byte_as_svglib_does(
    mode: str, tmp_path: Path
) -> None:
    from svglib.svglib import svg2rlg

    from handouts.render.images import brand_font_map

    data = base64.b64encode(_modes()[mode]).decode()
    path = _svg(tmp_path, mode, f'width="90" height="60"><image width="90" height="60" '
                f'xlink:href="data:image/png;base64,{data}"/>')  # fmt: skip
    ours = load_picture(path, FONT).drawable
    theirs = svg2rlg(str(path), font_map=brand_font_map(FONT))

    def draw(drawing: object) -> bytes:
        from reportlab.graphics import renderPDF

        return _pdf(lambda c: [renderPDF.draw(drawing, c, 0, n * 100) for n in range(2)])

    assert draw(ours) == draw(theirs)


# ---- memory ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "colour_type"), [((4000, 4000), 2), ((4000, 3000), 6), ((4000, 4000), 0)]
)
def test_a_png_at_the_limit_is_drawn_well_under_300_mb(
    size: tuple[int, int], colour_type: int, tmp_path: Path
) -> None:
    """A fresh process renders a handout whose figure is a PNG at the limit (RGB, RGBA, grey)."""
    content = tmp_path / "content"
    import shutil

    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", content)
    (content / "images").mkdir()
    (content / "images" / "x.png").write_bytes(png(*size, colour_type=colour_type))
    block = content / "blocks" / "aftercare.yaml"
    block.write_text(
        block.read_text() + "  - figure: {image: images/x.png, alt: A photo., caption: It.}\n"
    )
    render = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from handouts import load_library, render_handout
print(len(render_handout(load_library({str(content)!r}), "neck-pain").data))
"""
    # Measured from a small process in between: a child's peak starts at its parent's size.
    script = f"""
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", {render!r}], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    code, peak = done.stdout.split()
    assert code == "0", done.stderr
    assert float(peak) < 250, peak


def test_an_svg_is_known_by_its_bytes_wherever_it_is(tmp_path: Path) -> None:
    """A copied or reloaded folder reuses an SVG read before; an edited one is read again."""
    svg = (SHIPPED_CONTENT / "images" / "condition-migraine.svg").read_bytes()
    first, copy, edited = tmp_path / "a.svg", tmp_path / "b.svg", tmp_path / "c.svg"
    first.write_bytes(svg)
    copy.write_bytes(svg)
    edited.write_bytes(svg.replace(b"</svg>", b"<rect width='1' height='1'/></svg>"))
    assert load_picture(copy, FONT) is load_picture(first, FONT)
    assert load_picture(edited, FONT) is not load_picture(first, FONT)
