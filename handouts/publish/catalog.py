"""The front desk's catalog page: one self-contained out/index.html, of the handouts in out/.

It works from file:// with no server and no network: thumbnails are inline images, styles and
the search script are inline. Personal copies, packets and encrypted files are never listed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from handouts.errors import HandoutsError
from handouts.publish.atomic import atomic_writer, read_regular
from handouts.publish.manifest import MAX_FILE_BYTES, read_published

THUMB_WIDTH = 220
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


@dataclass(frozen=True)
class Entry:
    file: str
    title: str
    lang: str
    pages: int
    size: int
    keywords: str
    search: str
    """The handout's own words (from the manifest), so any word in it finds it."""
    thumbnail: str
    """A data: URL of page 1 as a JPEG."""
    draft: str = ""
    """Its draft label, in its language, while any of its text awaits a clinician's sign-off."""


THUMBS = ".thumbs"
"""Page-1 pictures, made by the build workers beside the PDFs, reused while the PDF is unchanged."""


def thumbnail_jpeg(pdf: bytes | Path) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        page = document[0]
        scale = THUMB_WIDTH / page.get_width()
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=72, optimize=True)
    return buffer.getvalue()


def _thumbnail(path: Path, data: bytes) -> str:
    """Page 1 as a data: URL: the build's picture while it is newer than the PDF, else made
    now from the PDF's bytes (already checked against the manifest)."""
    cached = path.parent / THUMBS / f"{path.name}.jpg"
    picture = None
    try:
        if cached.stat().st_mtime_ns >= path.stat().st_mtime_ns:
            picture = read_regular(cached, MAX_THUMBNAIL_BYTES)
    except OSError:
        pass
    if picture is None:
        picture = thumbnail_jpeg(data)
    return "data:image/jpeg;base64," + base64.b64encode(picture).decode("ascii")


MAX_THUMBNAIL_BYTES = 2_000_000


def _order(path: Path) -> tuple[str, bool]:
    """English first, then its translations, handout by handout."""
    stem = path.stem
    for code in LANGUAGE_NAMES:
        if stem.endswith(f"-{code}") or f"-{code}-" in stem:
            return stem.replace(f"-{code}", "", 1), True
    return stem, False


def _entry(out: Path, name: str, recorded: dict[str, Any]) -> Entry | None:
    """A card, from the manifest's facts, while the file is the one it records (a regular file
    whose sha256 matches); a file replaced, removed or damaged since is not listed."""
    path = out / name
    data = read_regular(path, MAX_FILE_BYTES)
    if data is None or hashlib.sha256(data).hexdigest() != recorded.get("sha256"):
        return None
    return Entry(
        file=name,
        title=recorded.get("title") or name.removesuffix(".pdf"),
        lang=recorded["language"],
        pages=recorded["pages"],
        size=len(data),
        keywords=recorded.get("keywords", ""),
        search=recorded.get("search", ""),
        thumbnail=_thumbnail(path, data),
        draft=recorded.get("draft", ""),
    )


def entries(out: Path) -> Iterator[Entry]:
    """The generic handouts the folder's manifests record, and nothing else in the folder: a
    personal copy or packet saved there, a stray or damaged PDF, a file named to look like a
    link, is never listed. One at a time, so a catalog of thousands stays small in memory."""
    published = read_published(out)
    for name in sorted(published, key=lambda name: _order(Path(name))):
        entry = _entry(out, name, published[name])
        if entry is not None:
            yield entry


def read_entries(out: Path) -> list[Entry]:
    return list(entries(out))


def _folded(text: str) -> str:
    """Lower case without accents, so 'migrana' finds 'migraña'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def card(e: Entry) -> str:
    language = LANGUAGE_NAMES.get(e.lang, e.lang)
    search = _folded(f"{e.title} {e.keywords} {language} {e.file} {e.search}")
    pages = f"{e.pages} page{'s' if e.pages != 1 else ''}"
    draft = f'\n    <span class="draft">{escape(e.draft)}</span>' if e.draft else ""
    return f"""<li class="card" data-search="{escape(search)}" lang="{escape(e.lang)}">
  <a href="{escape(quote(e.file))}" target="_blank" rel="noopener">
    <img src="{e.thumbnail}" alt="" width="{THUMB_WIDTH}">
    <span class="title">{escape(e.title)}</span>
    <span class="facts">{escape(language)} · {pages} · {e.size / 1024:.0f} KB</span>{draft}
    <span class="open">Open to print / Abrir para imprimir</span>
  </a>
</li>
"""


def page_parts(clinic: str) -> tuple[str, str]:
    """The page before and after the cards."""
    head = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Handouts — {escape(clinic)}</title>
<style>
  body {{ font-family: "Atkinson Hyperlegible", system-ui, sans-serif; font-size: 18px;
         margin: 0 auto; max-width: 1200px; padding: 24px; color: #1b1b1b; background: #fff; }}
  h1 {{ font-size: 28px; margin: 0 0 16px; }}
  label {{ display: block; font-weight: bold; margin-bottom: 6px; }}
  input {{ font-size: 20px; padding: 12px; width: 100%; max-width: 560px; box-sizing: border-box;
          border: 2px solid #1b1b1b; border-radius: 8px; }}
  input:focus, a:focus {{ outline: 4px solid #0b4f6c; outline-offset: 3px; }}
  #count {{ margin: 12px 0 20px; }}
  ul {{ list-style: none; padding: 0; margin: 0; display: grid; gap: 20px;
       grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); }}
  .card a {{ display: flex; flex-direction: column; gap: 8px; padding: 12px; min-height: 48px;
            border: 2px solid #c8d6dc; border-radius: 10px; color: inherit;
            text-decoration: none; }}
  .card a:hover {{ border-color: #0b4f6c; background: #f2f7f9; }}
  .card img {{ width: 100%; height: auto; border: 1px solid #ddd; }}
  .title {{ font-weight: bold; font-size: 19px; }}
  .open {{ color: #0b4f6c; text-decoration: underline; }}
  .draft {{ align-self: flex-start; font-size: 16px; font-style: italic; color: #5c3d00;
           background: #fff8e6; border: 2px dashed #8a5a00; border-radius: 6px;
           padding: 2px 8px; }}
  .card[hidden] {{ display: none; }}
</style>
</head>
<body>
<h1>Handouts / Folletos — {escape(clinic)}</h1>
<label for="search">Search handouts / Buscar folletos</label>
<input id="search" type="search" autocomplete="off" placeholder="migraine, migraña, aftercare…">
<p id="count" aria-live="polite"></p>
<ul id="cards">
"""
    tail = """</ul>
<script>
(function () {
  var input = document.getElementById("search");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var count = document.getElementById("count");
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function show(shown) { count.textContent = shown + " handouts / folletos"; }
  show(cards.length);
  input.addEventListener("input", function () {
    var words = fold(input.value).split(/\\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      var text = card.getAttribute("data-search");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      card.hidden = !match;
      if (match) { shown += 1; }
    });
    show(shown);
  });
})();
</script>
</body>
</html>
"""
    return head, tail


def write_catalog(out: Path, clinic: str) -> Path:
    """Write out/index.html for the handouts the manifests record, card by card (streamed, so
    memory stays flat), put in place only when complete; returns its path."""
    path = out / "index.html"
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise HandoutsError(
            f"{path} is not a file (a folder, a link or a device); move it out of {out}"
        )
    head, tail = page_parts(clinic)
    with atomic_writer(path) as handle:
        handle.write(head.encode("utf-8"))
        for entry in entries(out):
            handle.write(card(entry).encode("utf-8"))
        handle.write(tail.encode("utf-8"))
    return path
