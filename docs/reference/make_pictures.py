"""The pictures in docs/content-reference.md: each part kind's example, rendered and cropped.

    .venv/bin/python docs/reference/make_pictures.py

Reads the YAML example under each "### `kind`" heading of content-reference.md and makes it
the one block of a one-block handout, in a throwaway folder with the shipped brand, pictures
and settings (English only). Renders it through the public API (`load_library`,
`render_handout`), draws page 1 with PDFium at 80 dpi and crops it to what the part printed:
from under the block's heading to above the next block's. Writes
docs/reference/<kind>.png, in 64 greys-and-colours (small in git).

Run it after changing an example or how a kind prints, and commit the pictures. The examples
and the folder are the test's too (tests/test_docs.py loads them through the real loader).
This is a docs tool, not part of the engine: it uses only the public API, PDFium and Pillow,
which the engine already installs.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "content-reference.md"
PICTURES = ROOT / "docs" / "reference"
SHIPPED = ROOT / "content"
DPI = 80
REVISED = "2026-12-03"

_SECTION = re.compile(r"^### `(?P<kind>[a-z_]+)`\n(?P<body>.*?)(?=^#{1,3} |\Z)", re.M | re.S)
_YAML = re.compile(r"^```yaml\n(?P<example>.*?)^```", re.M | re.S)


def examples(markdown: str | None = None) -> dict[str, str]:
    """Each documented kind's first YAML example, as written in the reference."""
    text = REFERENCE.read_text(encoding="utf-8") if markdown is None else markdown
    found = {}
    for section in _SECTION.finditer(text):
        example = _YAML.search(section["body"])
        if example:
            found[section["kind"]] = example["example"]
    return found


def slug(kind: str) -> str:
    """The example handout's name (write_in: example-write-in)."""
    return "example-" + kind.replace("_", "-")


def heading(kind: str) -> str:
    return f"The {kind} part"


NEXT = "The next section"
"""A block after each example, long enough to fill the page: it bounds the picture, and
takes the room a handout's last write-in box would otherwise grow into."""


def write_content(folder: Path, found: dict[str, str]) -> None:
    """A content folder with one handout per example: the shipped brand, its pictures and
    its settings in the base language only (the examples have no translation)."""
    folder.mkdir(parents=True)
    settings = yaml.safe_load((SHIPPED / "settings.yaml").read_text(encoding="utf-8"))
    base = next(iter(settings["languages"]))
    settings["languages"] = {base: settings["languages"][base]}
    (folder / "settings.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True))
    shutil.copy(SHIPPED / "brand.yaml", folder / "brand.yaml")
    shutil.copytree(SHIPPED / "images", folder / "images")
    (folder / "blocks").mkdir()
    (folder / "conditions").mkdir()
    filler = "".join(f"  - paragraph: More text, line {n}.\n" for n in range(1, 41))
    (folder / "blocks" / "next-section.yaml").write_text(
        f"id: next-section\nheading: {NEXT}\nrevised: {REVISED}\n"
        f"reviewed_by:\nreviewed_on:\nbody:\n{filler}",
        encoding="utf-8",
    )
    for kind, example in found.items():
        body = "".join(f"  {line}\n" for line in example.splitlines())
        (folder / "blocks" / f"{slug(kind)}.yaml").write_text(
            f"id: {slug(kind)}\nheading: {heading(kind)}\nrevised: {REVISED}\n"
            f"reviewed_by:\nreviewed_on:\nbody:\n{body}",
            encoding="utf-8",
        )
        (folder / "conditions" / f"{slug(kind)}.yaml").write_text(
            f"slug: {slug(kind)}\ntitle: Content reference\nmessage: What it prints.\n"
            f"revised: {REVISED}\nblocks:\n  - {slug(kind)}\n  - next-section\n",
            encoding="utf-8",
        )


def picture(data: bytes, kind: str):  # -> PIL.Image.Image
    """Page 1 cropped to the part: below its block's heading, above the next one's."""
    import pypdfium2
    from PIL import ImageChops

    scale = DPI / 72
    page = pypdfium2.PdfDocument(data)[0]
    height = page.get_height()
    text = page.get_textpage()

    def top_and_bottom(words: str) -> tuple[int, int]:
        """Where `words` first appear on page 1, in pixels from the top."""
        match = text.search(words, match_case=True).get_next()
        if match is None:
            raise SystemExit(f"{kind}: '{words}' is not on page 1 (is the example too long?)")
        start, count = match
        boxes = [text.get_charbox(i) for i in range(start, start + count)]
        top, bottom = max(b[3] for b in boxes), min(b[1] for b in boxes)
        return round((height - top) * scale), round((height - bottom) * scale)

    image = page.render(scale=scale).to_pil().convert("RGB")
    band = image.crop(
        (0, top_and_bottom(heading(kind))[1] + 3, image.width, top_and_bottom(NEXT)[0] - 3)
    )
    white = band.copy().point(lambda _: 255)
    ink = ImageChops.difference(band, white).convert("L").point(lambda v: 255 if v > 4 else 0)
    box = ink.getbbox()
    if box is None:
        raise SystemExit(f"{kind}: nothing printed under its heading")
    left, top, right, bottom = box
    pad = 8
    return band.crop(
        (max(left - pad, 0), max(top - pad, 0), min(right + pad, band.width), bottom + pad)
    )


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from handouts import ContentErrors, load_library, render_handout

    found = examples()
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        write_content(content, found)
        try:
            library = load_library(content)
        except ContentErrors as problems:
            print(*problems.errors, sep="\n", file=sys.stderr)
            return 1
        for kind in found:
            image = picture(render_handout(library, slug(kind)).data, kind)
            target = PICTURES / f"{kind}.png"
            image.quantize(64).save(target, optimize=True)
            print(f"wrote {target.relative_to(ROOT)} ({image.width}×{image.height})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
