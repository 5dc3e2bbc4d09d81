"""The JSON API beside the pages, for an EHR or a script; /openapi.json describes it.

    GET  /api/handouts    every handout in every language, with the editions on offer
    POST /api/render      {"handouts": ["migraine"], "lang": "es", "patient": "…"} -> the PDF

The body takes the same fields as the staff's form and is checked by the same code.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from handouts.papers import PAPER_SIZES
from handouts.serve.engine import Edition, Engine
from handouts.serve.live import Loaded
from handouts.serve.orders import WARNING_HEADER, file_name, read_order
from handouts.serve.pages import loaded

router = APIRouter(prefix="/api", tags=["handouts"])


class HandoutInfo(BaseModel):
    slug: str = Field(description="The handout's name, for `handouts` in a render request.")
    lang: str = Field(description="Language code, for `lang`.")
    title: str
    keywords: list[str]
    pages: int = Field(description="Pages of the default edition (first paper, all clinics).")
    draft: bool = Field(
        description="Some of its text awaits a clinician's sign-off: every page's footer says "
        "it is a draft (`handouts review`)."
    )


class ClinicInfo(BaseModel):
    slug: str = Field(description="For `clinic`: an edition listing only this clinic.")
    name: str
    phone: str


class Catalog(BaseModel):
    handouts: list[HandoutInfo]
    languages: list[str]
    papers: list[str] = Field(description="Paper sizes; the first is the default.")
    clinics: list[ClinicInfo]


class RenderRequest(BaseModel):
    """One handout, or several merged into a packet, in one language and edition."""

    model_config = ConfigDict(extra="forbid")

    handouts: list[str] = Field(
        min_length=1, max_length=40, description="Handout names in order; two or more: a packet."
    )
    lang: str | None = Field(None, description="A language code; default: the base language.")
    paper: str | None = Field(None, description="letter or a4; default: the first configured.")
    large_print: bool = Field(False, description="18 pt body text for readers with low vision.")
    clinic: str | None = Field(None, description="A clinic's slug: list only that clinic.")
    patient: str | None = Field(None, description="Patient's name, printed on page 1 only.")
    provider: str | None = Field(None, description="Provider's name (needs `patient`).")
    visit_date: str | None = Field(None, description="YYYY-MM-DD (needs `patient`).")
    note: str | None = Field(None, description="A short note, up to 6 lines (needs `patient`).")
    password: str | None = Field(
        None, description="Lock the PDF with this open password (AES-256, 8+ characters)."
    )


class ProblemOut(BaseModel):
    detail: str = Field(description="What to fix; names the field, never its value.")
    field: str | None = None


@router.get("/handouts", response_model=Catalog, summary="List the handouts")
def list_handouts(request: Request, now: Annotated[Loaded, Depends(loaded)]) -> Any:
    library = now.library
    engine: Engine = request.app.state.engine
    paper = library.settings.papers[0]
    handouts = [
        HandoutInfo(
            slug=slug, lang=lang, title=condition.title, keywords=list(condition.keywords),
            pages=engine.generic(now, Edition(slug, lang, paper)).pages,
            draft=library.handout(slug, lang=lang).draft,
        )
        for lang in library.languages
        for slug, condition in sorted(library.conditions_by_lang[lang].items())
    ]  # fmt: skip
    clinics = [
        ClinicInfo(slug=loc.slug, name=loc.name, phone=loc.phone) for loc in library.brand.locations
    ]
    papers = list(dict.fromkeys([*library.settings.papers, *PAPER_SIZES]))
    return Catalog(handouts=handouts, languages=library.languages, papers=papers, clinics=clinics)


@router.post(
    "/render",
    summary="Make a handout or a packet as a PDF",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "The PDF, made in memory."},
        400: {"model": ProblemOut, "description": "A field is wrong (named, never echoed)."},
        422: {"description": "The body is not the JSON described here."},
    },
)
def render(
    body: RenderRequest, request: Request, now: Annotated[Loaded, Depends(loaded)]
) -> Response:
    order = read_order(
        body.model_dump(), now.library, locked=body.password is not None, email=False
    )
    engine: Engine = request.app.state.engine
    made = engine.order(now, order)
    name = file_name(order, now.library.settings.base_language)
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "X-Pages": str(made.pages)}
    warning = order.over_generic(made)
    if warning:  # the handouts and what helps, never the patient
        headers[WARNING_HEADER] = warning
    return Response(made.data, media_type="application/pdf", headers=headers)
