"""Rendering for the app: one lock around the engine, and caches of what is not personal.

ReportLab (fonts, canvases) and PDFium keep process-wide state, so every render and every
page picture runs under `ENGINE`, one at a time: two patients' requests can never share a
half-made document. Encryption (pypdf, pure Python, per-document state) runs outside it.
Generic PDFs and their page pictures are cached by the content's revision; personal ones are
never cached, logged or written anywhere: they live in this request's memory only.
"""

from __future__ import annotations

import io
import logging
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from handouts.render.result import RenderedHandout
from handouts.serve.live import LiveContent, Loaded

if TYPE_CHECKING:
    from handouts.serve.orders import Order

ENGINE = threading.Lock()
log = logging.getLogger("handouts.serve")
CARD_WIDTH = 300
PAGE_WIDTH = 850
"""Pixels across a card's picture and a previewed page (shown at about half, sharp on HiDPI)."""


@dataclass(frozen=True)
class Edition:
    """A generic handout as the catalog offers it: nothing personal, so safe to cache."""

    slug: str
    lang: str
    paper: str
    large_print: bool = False
    clinic: str | None = None

    def file_name(self, base_language: str) -> str:
        """The name `handouts build` gives the same file: migraine-es-large.pdf."""
        from handouts.build.plan import output_name

        lang = None if self.lang == base_language else self.lang
        return output_name(self.slug, self.clinic, lang, self.paper, large_print=self.large_print)


def fold(text: str) -> str:
    """Lower case without accents, so 'migrana' finds 'migraña' (as the catalog page does)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


class Lru:
    """A cache bounded by the bytes it holds, oldest use out first; safe across threads."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self.size += size
            while self.size > self.budget and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0


def page_jpeg(pdf: bytes, index: int, width: int) -> bytes:
    """One page as a JPEG `width` pixels across (call under ENGINE)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()


class Engine:
    def __init__(self, live: LiveContent):
        self.live = live
        self.pdfs = Lru(24_000_000)
        self.pictures = Lru(32_000_000)
        self._words: dict[tuple[str, str, str], str] = {}
        live.listeners.append(self._changed)

    def _changed(self, loaded: Loaded) -> None:
        self.pdfs.clear()
        self.pictures.clear()
        self._words = {}

    def search_words(self, loaded: Loaded, slug: str, lang: str, language_name: str) -> str:
        """Every word the handout says, with its title, keywords and language, folded."""
        key = (loaded.revision, slug, lang)
        found = self._words.get(key)
        if found is None:
            handout = loaded.library.handout(slug, lang=lang)
            condition = handout.condition
            words = [condition.title, *condition.keywords, language_name, slug]
            found = fold(" ".join([*words, handout.search_text]))
            self._words[key] = found
        return found

    def generic(self, loaded: Loaded, edition: Edition) -> RenderedHandout:
        key = (loaded.revision, edition)
        found = self.pdfs.get(key)
        if found is None:
            from handouts import render_handout

            with ENGINE:
                found = self.pdfs.get(key)  # made while this request waited for the lock?
                if found is None:
                    found = render_handout(
                        loaded.library, edition.slug, lang=edition.lang, clinic=edition.clinic,
                        paper=edition.paper, large_print=edition.large_print,
                    )  # fmt: skip
                    self.pdfs.put(key, found, len(found.data))
        return found

    def picture(self, loaded: Loaded, edition: Edition, page: int, width: int) -> bytes | None:
        """Page `page` (from 1) of a generic handout as a JPEG; None past its last page."""
        pdf = self.generic(loaded, edition)
        if not 1 <= page <= pdf.pages:
            return None
        key = (loaded.revision, edition, page, width)
        found = self.pictures.get(key)
        if found is None:
            with ENGINE:
                found = self.pictures.get(key)
                if found is None:
                    found = page_jpeg(pdf.data, page - 1, width)
                    self.pictures.put(key, found, len(found))
        return found

    def order(self, loaded: Loaded, order: Order) -> RenderedHandout:
        """A personal copy or a packet, made in memory for this request only."""
        from handouts import encrypt, make_packet, render_handout

        make = render_handout if len(order.slugs) == 1 else make_packet
        what: Any = order.slugs[0] if len(order.slugs) == 1 else order.slugs
        with ENGINE:
            made = make(
                loaded.library, what, lang=order.lang, clinic=order.clinic, paper=order.paper,
                large_print=order.large_print, personal=order.personal,
            )  # fmt: skip
        if order.password is not None:
            made = replace(made, data=encrypt(made.data, order.password))
        return made

    def warm(self, loaded: Loaded, papers: tuple[str, ...]) -> None:
        """Make every card's picture for the default edition, in the background, one at a time
        (a request waits for at most one render)."""
        library = loaded.library
        editions = [
            Edition(slug, lang, papers[0])
            for slug in sorted(library.conditions)
            for lang in library.languages
        ]
        try:
            for picture in (False, True):  # every card's page count first, then its picture
                for edition in editions:
                    if self.live.good is not loaded:
                        return  # the content changed: what is asked for next is made then
                    if picture:
                        self.picture(loaded, edition, 1, CARD_WIDTH)
                    else:
                        self.generic(loaded, edition)
        except Exception:  # a generic handout: nothing personal can be in this traceback
            log.exception("could not prepare the catalog's pictures")
