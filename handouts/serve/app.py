"""The FastAPI application: content, engine and templates in `app.state`, the routes, the gate.

from handouts.serve.app import create_app
app = create_app(config_from(Path("content"), "127.0.0.1", 8000))   # any ASGI server
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from handouts.content.fonts import PROJECT_FONTS
from handouts.errors import ContentErrors, HandoutsError
from handouts.serve.caching import asset_url, picture_version
from handouts.serve.config import ServeConfig
from handouts.serve.engine import Engine
from handouts.serve.guard import Guard, Staff
from handouts.serve.live import LiveContent
from handouts.serve.mail import MailError
from handouts.serve.orders import LABELS, friendly
from handouts.version import __version__

HERE = Path(__file__).resolve().parent
log = logging.getLogger("handouts.serve")
DESCRIPTION = """Patient-education handouts as PDFs, made in memory from the clinic's content.

`GET /api/handouts` lists them; `POST /api/render` makes one (or a packet of several), generic
or personalised and optionally locked with a password, and answers with the PDF. Patient
details go in the JSON body only. With HANDOUTS_TOKEN set, send `Authorization: Bearer <token>`.
Errors name the field, never its value."""


def create_app(config: ServeConfig) -> FastAPI:
    live = LiveContent(config.content)
    engine = Engine(live)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loaded = live.current()  # refuses to start on content that never loaded
        papers = tuple(loaded.library.settings.papers)
        threading.Thread(target=engine.warm, args=(loaded, papers), daemon=True).start()
        yield

    app = FastAPI(
        title="handouts", version=__version__, description=DESCRIPTION, lifespan=lifespan,
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )  # fmt: skip
    app.state.config = config
    app.state.live = live
    app.state.engine = engine
    app.state.staff = Staff(config.token)
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates.env.globals["version"] = __version__
    app.state.templates.env.globals["asset"] = asset_url

    from handouts.serve import copies, jsonapi, pages

    app.include_router(pages.router)
    app.include_router(copies.router)
    app.include_router(jsonapi.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/fonts/{name}", include_in_schema=False)
    def font(name: str) -> Response:
        """Atkinson Hyperlegible, from the project's fonts/ folder (and its licence)."""
        files = {p.name: p for p in PROJECT_FONTS.glob("AtkinsonHyperlegible-*.ttf")}
        files["OFL.txt"] = PROJECT_FONTS / "OFL.txt"
        if name not in files:
            raise HTTPException(404)
        kind = "text/plain; charset=utf-8" if name.endswith(".txt") else "font/ttf"
        return Response(files[name].read_bytes(), media_type=kind)

    app.add_exception_handler(HandoutsError, _handouts_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_middleware(Guard, config=config, staff=app.state.staff)
    return app


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api/") or "application/json" in accept


def problem_page(request: Request, status: int, message: str, field: str | None = None) -> Any:
    if wants_json(request):
        return JSONResponse({"detail": message, "field": field}, status_code=status)
    templates = request.app.state.templates
    heading = HEADINGS.get(status, ("Something to fix", "Algo que corregir"))
    context = {"message": message, "status": status, "heading": heading, **page_context(request)}
    return templates.TemplateResponse(request, "problem.html", context, status_code=status)


HEADINGS = {
    404: ("Not found", "No encontrado"),
    502: ("Not sent", "No enviado"),
    503: ("Not available right now", "No disponible ahora"),
    500: ("Something went wrong", "Algo salió mal"),
}


def page_context(request: Request) -> dict[str, Any]:
    """What every page shows: the clinic's name, whether the content has problems."""
    live: LiveContent = request.app.state.live
    brand = live.good.library.brand.name if live.good else "Handouts"
    signed = request.app.state.staff.required and request.url.path != "/login"
    pictures = picture_version(live.good.revision) if live.good else ""
    return {
        "brand": brand, "content_problems": bool(live.problems), "sign_out": signed,
        "picture_version": pictures,
    }  # fmt: skip


async def _handouts_error(request: Request, error: Exception) -> Any:
    if isinstance(error, ContentErrors):
        log.warning("a content problem stopped %s %s", request.method, request.url.path)
        message = (
            "This handout cannot be made right now: its content has a problem. Ask whoever "
            "edits the handouts to open the Content status page."
        )
        return problem_page(request, 503, message)
    if isinstance(error, MailError):
        return problem_page(request, 502, f"The email was not sent: {error}")
    assert isinstance(error, HandoutsError)
    problem = friendly(error)
    return problem_page(request, 400, str(problem), problem.field)


async def _invalid_request(request: Request, error: Exception) -> Any:
    """Which field is wrong and how, never what it held (pydantic would echo the input)."""
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors():
        field = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
        problems.append({"field": field, "problem": str(item.get("msg", "invalid"))})
    first = problems[0] if problems else {"field": "", "problem": "invalid request"}
    label = LABELS.get(first["field"], first["field"])
    message = f"{label}: {first['problem']}" if label else first["problem"]
    if wants_json(request):
        return JSONResponse({"detail": message, "problems": problems}, status_code=422)
    return problem_page(request, 422, message)


async def _http_error(request: Request, error: Exception) -> Any:
    assert isinstance(error, HTTPException)
    if error.status_code == 404:
        return problem_page(request, 404, "There is no such page or handout.")
    if error.status_code == 405:
        return problem_page(request, 405, "That page cannot be used that way.")
    return problem_page(request, error.status_code, str(error.detail))
