"""The staff's pages: the catalog, a handout with its pages, the PDFs and pictures, content status
and sign-in. Everything here is generic (no patient data), so choices travel in the query string.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from handouts.content.library import Library
from handouts.papers import PAPER_SIZES
from handouts.publish.variants import chips, language_label, language_words, matches
from handouts.serve.app import page_context
from handouts.serve.caching import KEEP, picture_version
from handouts.serve.engine import CARD_WIDTH, PAGE_WIDTH, Edition, Engine, fold
from handouts.serve.guard import COOKIE, Staff
from handouts.serve.live import LiveContent, Loaded
from handouts.serve.orders import Problem

router = APIRouter(include_in_schema=False)
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
PAPER_NAMES = {"letter": "Letter", "a4": "A4"}
ALL = "all"


async def form_body(request: Request) -> dict[str, list[str]]:
    """An urlencoded body (the gate has already capped its size), as lists of values."""
    try:
        text = (await request.body()).decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=200)
    except (UnicodeDecodeError, ValueError):
        raise Problem("The form could not be read; reload the page and try again") from None
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


def loaded(request: Request) -> Loaded:
    live: LiveContent = request.app.state.live
    return live.current()


def render(request: Request, name: str, status: int = 200, **context: Any) -> Any:
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, name, {**page_context(request), **context}, status_code=status
    )


def language_name(library: Library, code: str) -> str:
    return LANGUAGE_NAMES.get(code) or library.settings.languages[code].name


@dataclass(frozen=True)
class View:
    """The edition the staff asked to see: language (or all), paper, print size, clinic."""

    lang: str
    paper: str
    large_print: bool
    clinic: str | None

    def query(self, **changes: Any) -> str:
        view = replace(self, **changes)
        pairs = {"lang": view.lang, "paper": view.paper, "large": "1" if view.large_print else "",
                 "clinic": view.clinic or ""}  # fmt: skip
        return urlencode({k: v for k, v in pairs.items() if v})

    def edition(self, slug: str, lang: str | None = None) -> Edition:
        return Edition(slug, lang or self.lang, self.paper, self.large_print, self.clinic)


def view_of(request: Request, library: Library, *, any_language: bool) -> View:
    q = request.query_params
    base = library.settings.base_language
    lang = q.get("lang") or (ALL if any_language else base)
    if lang not in library.languages and not (any_language and lang == ALL):
        raise Problem(f"No language '{lang[:20]}': choose one from the list", "lang")
    paper = q.get("paper") or library.settings.papers[0]
    if paper not in PAPER_SIZES:
        raise Problem(f"No paper size '{paper[:20]}': choose one from the list", "paper")
    clinic = q.get("clinic") or None
    if clinic is not None and clinic not in {loc.slug for loc in library.brand.locations}:
        raise Problem(f"No clinic '{clinic[:30]}': choose one from the list", "clinic")
    return View(lang, paper, q.get("large") in ("1", "on"), clinic)


def choices(library: Library) -> dict[str, Any]:
    """The options every edition picker offers."""
    return {
        "languages": [(code, language_name(library, code)) for code in library.languages],
        "papers": [(paper, PAPER_NAMES.get(paper, paper)) for paper in PAPER_SIZES],
        "clinics": [(loc.slug, loc.name) for loc in library.brand.locations],
    }


def facts(library: Library, view: View, lang: str, pages: int) -> str:
    where = next((loc.name for loc in library.brand.locations if loc.slug == view.clinic), None)
    parts = [language_name(library, lang), f"{pages} page{'s' if pages != 1 else ''}",
             PAPER_NAMES.get(view.paper, view.paper)]  # fmt: skip
    if view.large_print:
        parts.append("large print")
    if where:
        parts.append(f"{where} only")
    return " · ".join(parts)


@router.get("/")
def catalog(request: Request, now: Annotated[Loaded, Depends(loaded)]) -> Any:
    library = now.library
    view = view_of(request, library, any_language=True)
    engine: Engine = request.app.state.engine
    query = request.query_params.get("q", "")[:200]
    words = fold(query).split()
    settings_names = {code: library.settings.languages[code].name for code in library.languages}
    named = language_words(settings_names)
    clinic = next((loc.name for loc in library.brand.locations if loc.slug == view.clinic), "")
    cards = []
    languages = library.languages if view.lang == ALL else [view.lang]
    for slug in sorted(library.conditions):
        for lang in languages:
            if (lang, slug) in library.withheld:  # its translation is not made yet
                continue
            condition = library.conditions_by_lang[lang][slug]
            names = " ".join(language_label(lang, settings_names[lang]))  # "Spanish Español"
            search = engine.search_words(now, slug, lang, names)
            pdf = engine.generic(now, view.edition(slug, lang))
            draft = library.handout(slug, lang=lang).draft_label
            cards.append({
                "slug": slug, "lang": lang, "title": condition.title, "search": search,
                "shown": matches(words, search, lang, named),
                "chips": chips(lang, view.paper, large_print=view.large_print, clinic=clinic,
                               draft=draft, language_name=settings_names[lang]),
                "facts": f"{pdf.pages} page{'s' if pdf.pages != 1 else ''}",
                "query": view.query(lang=lang),
            })  # fmt: skip
    shown = sum(1 for card in cards if card["shown"])
    return render(
        request, "catalog.html", cards=cards, view=view, q=query, shown=shown, named=named,
        card_width=CARD_WIDTH, **choices(library), active="catalog",
    )  # fmt: skip


def _slug(now: Loaded, slug: str) -> str:
    if slug not in now.library.conditions:
        raise HTTPException(404)
    return slug


@router.get("/handouts/{slug}")
def handout(slug: str, request: Request, now: Annotated[Loaded, Depends(loaded)]) -> Any:
    library = now.library
    view = view_of(request, library, any_language=False)
    engine: Engine = request.app.state.engine
    pdf = engine.generic(now, view.edition(_slug(now, slug)))
    title = library.conditions_by_lang[view.lang][slug].title
    draft = library.handout(slug, lang=view.lang).draft_label
    return render(
        request, "handout.html", slug=slug, title=title, view=view, pages=pdf.pages, draft=draft,
        facts=facts(library, view, view.lang, pdf.pages), size_kb=round(len(pdf.data) / 1024),
        page_width=PAGE_WIDTH, **choices(library), active="catalog",
    )  # fmt: skip


@router.get("/pdf/{slug}")
def pdf(slug: str, request: Request, now: Annotated[Loaded, Depends(loaded)]) -> Response:
    view = view_of(request, now.library, any_language=False)
    edition = view.edition(_slug(now, slug))
    made = request.app.state.engine.generic(now, edition)
    name = edition.file_name(now.library.settings.base_language)
    how = "attachment" if request.query_params.get("download") else "inline"
    headers = {"Content-Disposition": f'{how}; filename="{name}"'}
    return Response(made.data, media_type="application/pdf", headers=headers)


@router.get("/pictures/{slug}/{page}.jpg")
def picture(
    slug: str, page: int, request: Request, now: Annotated[Loaded, Depends(loaded)]
) -> Response:
    view = view_of(request, now.library, any_language=False)
    width = PAGE_WIDTH if request.query_params.get("size") == "page" else CARD_WIDTH
    found = request.app.state.engine.picture(now, view.edition(_slug(now, slug)), page, width)
    if found is None:
        raise HTTPException(404)
    current = request.query_params.get("v") == picture_version(now.revision)
    headers = {"Cache-Control": KEEP.decode()} if current else {}  # else the guard's no-store
    return Response(found, media_type="image/jpeg", headers=headers)


@router.get("/admin")
def admin(request: Request) -> Any:
    live: LiveContent = request.app.state.live
    with contextlib.suppress(Exception):  # nothing good loaded yet: the page shows why
        live.current()
    good = live.good
    return render(
        request, "admin.html", live=live, good=good, folder=str(live.root.resolve()),
        handouts=len(good.library.conditions) if good else 0, active="admin",
        languages=", ".join(good.library.languages) if good else "",
    )  # fmt: skip


@router.get("/health")
def health(request: Request) -> JSONResponse:
    live: LiveContent = request.app.state.live
    good = live.good
    return JSONResponse({
        "status": "ok" if good else "no content", "revision": good.revision if good else None,
        "content_problems": len(live.problems),
    })  # fmt: skip


@router.get("/login")
def login_page(request: Request) -> Any:
    return render(request, "login.html", wrong=False, bare=True)


@router.post("/login")
def login(request: Request, fields: Annotated[dict[str, list[str]], Depends(form_body)]) -> Any:
    staff: Staff = request.app.state.staff
    if not staff.required:
        return RedirectResponse("/", status_code=303)
    if not staff.token_matches((fields.get("token") or [""])[0]):
        return render(request, "login.html", status=401, wrong=True, bare=True)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE, staff.session_value(), httponly=True, samesite="strict", path="/",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    return response


@router.post("/logout")
def logout() -> Any:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
