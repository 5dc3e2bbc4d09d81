"""The form for a patient's copy or a packet, and what it makes: a PDF to print or download, an
email draft (.eml) for the staff's mail program, or an email sent through the clinic's relay.

Patient details arrive in the POST body only and leave only in the response: nothing is
cached, logged or written to disk, and file names are neutral (handout-personal.pdf).
"""

from __future__ import annotations

import logging
from email import policy
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from handouts.serve.app import wants_json
from handouts.serve.engine import Engine
from handouts.serve.live import Loaded
from handouts.serve.mail import compose, send
from handouts.serve.orders import (
    WARNING_HEADER,
    Problem,
    file_name,
    read_order,
    suggest_password,
)
from handouts.serve.pages import choices, form_body, loaded, render, view_of

router = APIRouter(include_in_schema=False)
log = logging.getLogger("handouts.serve")
ACTIONS = ("print", "download", "eml", "send")
FIELDS = ("lang", "paper", "clinic", "large_print", "patient", "provider", "visit_date", "note",
          "password", "email")  # fmt: skip
SENT = (
    "The email was sent. Now give the patient the password another way: tell them in person "
    "or by phone. It is not in the email."
)


@router.get("/copy")
def copy_form(request: Request, now: Annotated[Loaded, Depends(loaded)]) -> Any:
    library = now.library
    view = view_of(request, library, any_language=False)
    wanted = [s for s in request.query_params.getlist("handouts") if s in library.conditions]
    handouts = [
        {"slug": slug, "title": condition.title,
         "position": wanted.index(slug) + 1 if slug in wanted else ""}
        for slug, condition in sorted(library.conditions.items())
    ]  # fmt: skip
    return render(
        request, "copy.html", handouts=handouts, view=view, password=suggest_password(),
        can_send=request.app.state.config.smtp is not None, active="copy", **choices(library),
    )  # fmt: skip


def _first(fields: dict[str, list[str]], name: str) -> str:
    return (fields.get(name) or [""])[0]


def ordered(fields: dict[str, list[str]]) -> list[str]:
    """The ticked handouts by their order numbers; unnumbered ones after, as listed."""
    picked = list(dict.fromkeys(fields.get("handouts", [])))

    def key(slug: str) -> tuple[int, int]:
        number = _first(fields, f"position-{slug}").strip()
        return (int(number) if number.isdigit() else 10**6, picked.index(slug))

    return sorted(picked, key=key)


@router.post("/copy")
def make_copy(
    request: Request,
    fields: Annotated[dict[str, list[str]], Depends(form_body)],
    now: Annotated[Loaded, Depends(loaded)],
) -> Any:
    action = _first(fields, "action")
    if action not in ACTIONS:
        raise Problem("Choose what to do: print, download or email")
    emailing = action in ("eml", "send")
    values: dict[str, Any] = {name: _first(fields, name) for name in FIELDS}
    values["handouts"] = ordered(fields)
    locked = emailing or _first(fields, "protect") in ("1", "on")
    order = read_order(values, now.library, locked=locked, email=emailing)
    smtp = request.app.state.config.smtp
    if action == "send" and smtp is None:
        raise Problem("Sending is not set up on this computer: make an email draft instead")
    engine: Engine = request.app.state.engine
    made = engine.order(now, order)
    warning = order.over_generic(made)
    said = {WARNING_HEADER: warning} if warning else {}
    if not emailing:
        name = file_name(order, now.library.settings.base_language)
        how = "inline" if action == "print" else "attachment"
        headers = {"Content-Disposition": f'{how}; filename="{name}"', **said}
        return Response(made.data, media_type="application/pdf", headers=headers)
    sender = smtp.sender if smtp is not None else None
    message = compose(now.library, order, made.data, sender, draft=action == "eml")
    if action == "eml":
        headers = {"Content-Disposition": 'attachment; filename="email-draft.eml"', **said}
        data = message.as_bytes(policy=policy.SMTP)
        return Response(data, media_type="message/rfc822", headers=headers)
    assert smtp is not None
    send(smtp, message)
    log.info("an email went out through the relay at %s", smtp.host)
    if wants_json(request):
        return JSONResponse({"message": SENT, "warning": warning})
    return render(request, "done.html", message=SENT, warning=warning, active="copy")
