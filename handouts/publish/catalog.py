"""The front desk's catalog page: one self-contained out/index.html, of the handouts in out/.

It works from file:// with no server and no network: thumbnails are inline images, styles and
the search script are inline. Personal copies, packets and encrypted files are never listed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from handouts.errors import HandoutsError
from handouts.publish.atomic import atomic_writer, read_regular
from handouts.publish.manifest import MAX_FILE_BYTES, read_published
from handouts.publish.variants import (
    ALL_CLINICS,
    LANGUAGE_NAMES,
    Chip,
    chip_words,
    chips,
    fold,
    language_words,
)

THUMB_WIDTH = 220


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
    paper: str = "letter"
    large_print: bool = False
    edition: str = ALL_CLINICS
    """A clinic's slug for that clinic's own edition."""


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
        paper=recorded["paper"],
        large_print=recorded["large_print"],
        edition=recorded["edition"],
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


def _chip(chip: Chip) -> str:
    spanish = f'<span lang="es"> / {escape(chip.spanish)}</span>' if chip.spanish else ""
    lang = f' lang="{escape(chip.lang)}"' if chip.lang != "en" else ""
    return f'<li class="chip {chip.kind}"{lang}>{escape(chip.text)}{spanish}</li>'


def card(e: Entry, clinics: Mapping[str, str] | None = None) -> str:
    """One card: page 1, the title, chips saying which copy it is (language, paper, large
    print, clinic edition, draft), pages and size, and a Print button that opens the PDF in a
    new tab; the whole card is its click target. `clinics` names each clinic by its slug."""
    clinic = ""
    if e.edition != ALL_CLINICS:
        clinic = (clinics or {}).get(e.edition) or e.edition.replace("-", " ").title()
    found = chips(e.lang, e.paper, large_print=e.large_print, clinic=clinic, draft=e.draft)
    search = f"{fold(f'{e.title} {e.keywords} {e.file} {e.search}')} {chip_words(found)}"
    which = ", ".join(c.text for c in found if c.kind in ("paper", "large", "clinic"))
    pages = f"{e.pages} page{'s' if e.pages != 1 else ''}"
    lang = escape(e.lang)
    return f"""<li class="card" data-lang="{lang}" data-search="{escape(search)}">
  <img src="{e.thumbnail}" alt="" width="{THUMB_WIDTH}">
  <h2 class="title" lang="{lang}">{escape(e.title)}</h2>
  <ul class="chips">{"".join(_chip(chip) for chip in found)}</ul>
  <p class="facts">{pages} · {e.size / 1024:.0f} KB</p>
  <a class="print" href="{escape(quote(e.file))}" target="_blank" rel="noopener">Print / \
<span lang="es">Imprimir</span><span class="sr"> <span lang="{lang}">{escape(e.title)}</span> \
({escape(which)}; opens the PDF in a new tab)</span></a>
</li>
"""


STYLE = """
  body { font-family: "Atkinson Hyperlegible", system-ui, sans-serif; font-size: 18px;
         margin: 0 auto; max-width: 1200px; padding: 24px; color: #1b1b1b; background: #fff; }
  h1 { font-size: 28px; margin: 0 0 16px; }
  label { display: block; font-weight: bold; margin-bottom: 6px; }
  input { font-size: 20px; padding: 12px; width: 100%; max-width: 560px; box-sizing: border-box;
          border: 2px solid #1b1b1b; border-radius: 8px; }
  input:focus, a:focus, button:focus { outline: 4px solid #c55a00; outline-offset: 3px; }
  #count { margin: 12px 0 20px; font-weight: bold; }
  #cards { list-style: none; padding: 0; margin: 0; display: grid; gap: 20px;
           grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); }
  .card { position: relative; display: flex; flex-direction: column; gap: 8px; padding: 12px;
          border: 2px solid #8a9ba3; border-radius: 10px; }
  .card:hover, .card:focus-within { border-color: #0b4f6c; background: #f2f7f9; }
  .card[hidden] { display: none; }
  .card img { width: 100%; height: auto; border: 1px solid #8a9ba3; background: #fff; }
  .title { font-size: 19px; line-height: 1.3; margin: 0; }
  .facts { margin: 0; color: #4a4a4a; }
  /* Chips: the words say what each is; colour and border only help the eye. */
  .chips { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; }
  .chip { font-size: 15px; line-height: 1.35; padding: 2px 10px; border: 2px solid;
          border-radius: 999px; }
  .chip span { font-weight: normal; }
  .language { color: #0b4f6c; background: #eef5f8; border-color: #0b4f6c; font-weight: bold; }
  .paper { color: #1b1b1b; background: #f4f4f4; border-color: #6b6b6b; }
  .large { color: #1b1b1b; background: #fff; border-color: #1b1b1b; font-weight: bold; }
  .clinic { color: #1d5e2b; background: #eef7f0; border-color: #1d5e2b; font-weight: bold; }
  .draft { color: #5c3d00; background: #fff8e6; border: 2px dashed #8a5a00; border-radius: 6px;
           font-style: italic; }
  .print { margin-top: auto; display: flex; align-items: center; justify-content: center;
           gap: 6px; min-height: 48px; padding: 8px 16px; border-radius: 10px;
           background: #0b4f6c; color: #fff; font-weight: bold; text-decoration: none; }
  .print:hover { background: #083a50; }
  .print::after { content: ""; position: absolute; inset: 0; } /* the whole card clicks */
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
        white-space: nowrap; }
  .empty { max-width: 760px; margin: 0 0 20px; padding: 14px 20px; border: 3px solid #0b4f6c;
           border-radius: 10px; background: #f2f7f9; }
  .empty p { margin: 0 0 8px; }
  .empty ul { margin: 0 0 14px; padding-left: 1.2em; }
  .empty li { margin: 4px 0; }
  .empty [lang="es"] { color: #3d3d3d; }
  .empty button [lang="es"] { color: inherit; font-weight: normal; }
  button { font: inherit; font-weight: bold; min-height: 48px; padding: 8px 18px;
           border: 3px solid #0b4f6c; border-radius: 10px; background: #fff; color: #0b4f6c;
           cursor: pointer; }
  button:hover { background: #eef5f8; }
"""

EMPTY_HINT = """<div id="empty" class="empty" hidden>
  <p><strong>No handout matches this search.</strong> /
     <span lang="es">Ningún folleto coincide con esta búsqueda.</span></p>
  <ul>
    <li>Check the spelling, or type only the start of a word: “migr” finds migraine. /
      <span lang="es">Revise la ortografía, o escriba solo el comienzo: “migr” encuentra
      migraña.</span></li>
    <li>Try the other language: ice / hielo, Spanish / español. /
      <span lang="es">Pruebe en el otro idioma: hielo / ice, español / Spanish.</span></li>
  </ul>
  <button type="button" id="clear">Clear the search / \
<span lang="es">Borrar la búsqueda</span></button>
</div>
"""

SCRIPT = r"""<script>
(function () {
  "use strict";
  var input = document.getElementById("search");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  var named = __LANGUAGES__;  // a language's whole name finds that language's cards only
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function matches(card, word) {
    if (Object.prototype.hasOwnProperty.call(named, word)) {
      return named[word] === card.getAttribute("data-lang");
    }
    return card.getAttribute("data-search").indexOf(word) !== -1;
  }
  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      var match = words.every(function (word) { return matches(card, word); });
      card.hidden = !match;
      if (match) { shown += 1; }
    });
    var said = shown === 1 ? "1 handout / folleto" : shown + " handouts / folletos";
    if (count.textContent !== said) { count.textContent = said; }  // no repeats read aloud
    empty.hidden = shown !== 0 || words.length === 0;
  }
  input.addEventListener("input", apply);
  document.getElementById("clear").addEventListener("click", function () {
    input.value = "";
    apply();
    input.focus();
  });
  apply();
})();
</script>
"""


def page_parts(clinic: str) -> tuple[str, str]:
    """The page before and after the cards."""
    head = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Handouts — {escape(clinic)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Handouts / Folletos — {escape(clinic)}</h1>
<label for="search">Search handouts / <span lang="es">Buscar folletos</span></label>
<input id="search" type="search" autocomplete="off" spellcheck="false"
       placeholder="migraine, migraña, aftercare, español…" aria-describedby="count">
<div id="results" aria-live="polite">
<p id="count"></p>
{EMPTY_HINT}</div>
<ul id="cards">
"""
    named = json.dumps(language_words(dict.fromkeys(LANGUAGE_NAMES, "")), sort_keys=True)
    tail = "</ul>\n" + SCRIPT.replace("__LANGUAGES__", named) + "</body>\n</html>\n"
    return head, tail


def write_catalog(out: Path, clinic: str, clinics: Mapping[str, str] | None = None) -> Path:
    """Write out/index.html for the handouts the manifests record, card by card (streamed, so
    memory stays flat), put in place only when complete; returns its path. `clinic` is the
    brand's name, `clinics` each clinic's name by its slug (for "Manhattan only")."""
    path = out / "index.html"
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise HandoutsError(
            f"{path} is not a file (a folder, a link or a device); move it out of {out}"
        )
    head, tail = page_parts(clinic)
    with atomic_writer(path) as handle:
        handle.write(head.encode("utf-8"))
        for entry in entries(out):
            handle.write(card(entry, clinics).encode("utf-8"))
        handle.write(tail.encode("utf-8"))
    return path
