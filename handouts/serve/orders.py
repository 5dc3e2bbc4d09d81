"""What a form or a JSON body asks for, checked exactly as the command line checks it.

The patient's details go through `personal_from_options` and the library's own name checks,
so the app accepts and refuses what `handouts build --patient …` does. Messages name the
field (by its label on the form), never what it held.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from handouts.content.library import Library
from handouts.content.personal import Personal, personal_from_options
from handouts.errors import HandoutsError
from handouts.options import MIN_PASSWORD
from handouts.papers import PAPER_SIZES
from handouts.render.copyfit import over_generic
from handouts.render.result import RenderedHandout

MAX_FIELD = 2000
MAX_PASSWORD = 128
LABELS = {
    "handouts": "Handouts",
    "lang": "Language",
    "paper": "Paper",
    "large_print": "Large print",
    "clinic": "Clinic",
    "patient": "Patient's name",
    "provider": "Provider",
    "visit_date": "Visit date",
    "note": "Note",
    "password": "Password",
    "email": "Patient's email",
}
_OPTIONS = {"--patient": "patient", "--provider": "provider", "--visit-date": "visit_date",
            "--note": "note"}  # fmt: skip
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+"
)
_PASSWORD_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I/L: a password read out over the phone must not be misheard."""


class Problem(HandoutsError):
    """A mistake in a request: a 400 with this message, pointing at the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Order:
    """One PDF to make: a handout or a packet, maybe personal, maybe locked, maybe emailed."""

    slugs: tuple[str, ...]
    lang: str
    paper: str
    large_print: bool = False
    clinic: str | None = None
    personal: Personal | None = None
    password: str | None = None
    email: str | None = None

    def __repr__(self) -> str:  # a log or traceback line must never show the patient's details
        return f"Order({len(self.slugs)} handouts, {self.lang}, {self.paper})"

    def over_generic(self, made: RenderedHandout) -> str | None:
        """ "The personal copy of aftercare (es) has 4 pages, 1 more than …": the handouts and
        what helps, never the patient; None when copy-fitting kept the generic pages. Sent as
        the X-Handouts-Warning header; the copy form shows it beside "downloaded"."""
        many = "the packet " + " + ".join(self.slugs)
        said = over_generic(self.slugs[0] if len(self.slugs) == 1 else many, self.lang, made)
        return said[:1].upper() + said[1:] + "." if said else None


WARNING_HEADER = "X-Handouts-Warning"


def friendly(error: HandoutsError) -> Problem:
    """The engine's message with the form's labels in place of the command line's options
    ('--patient is empty' -> '“Patient's name” is empty'), and the field it is about."""
    if isinstance(error, Problem):
        return error
    message, field = str(error), None
    if "need --patient as well" in message:
        return Problem(
            "Type the patient's name too: the provider, visit date and note are printed with it",
            "patient",
        )
    for start, name in (("unknown language", "lang"), ("unknown clinic", "clinic")):
        if message.startswith(start):
            field = name
    for option, name in _OPTIONS.items():
        if option in message:
            field = field or name
            message = message.replace(option, f"“{LABELS[name]}”")
    return Problem(message, field)


def _text(fields: Mapping[str, Any], name: str) -> str | None:
    """A text field: None when left empty; too long or not text is refused by name."""
    value = fields.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise Problem(f"“{LABELS[name]}” must be text", name)
    if len(value) > MAX_FIELD:
        raise Problem(f"“{LABELS[name]}” is too long", name)
    return value


def _flag(fields: Mapping[str, Any], name: str) -> bool:
    value = fields.get(name)
    return value is True or (isinstance(value, str) and value.lower() in ("1", "on", "true", "yes"))


def read_order(fields: Mapping[str, Any], library: Library, *, locked: bool, email: bool) -> Order:
    """Check a request's fields. `locked`: the PDF must be encrypted (a password is needed);
    `email`: it is to be emailed (the patient's address is needed, and a password too)."""
    slugs = fields.get("handouts") or []
    if isinstance(slugs, str):
        slugs = [slugs]
    if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
        raise Problem("“Handouts” must be a list of handout names", "handouts")
    if not slugs:
        raise Problem("Choose at least one handout", "handouts")
    if len(slugs) > len(library.conditions):
        raise Problem(f"A packet holds at most {len(library.conditions)} handouts", "handouts")
    for position, slug in enumerate(slugs, start=1):
        if slug not in library.conditions:
            raise Problem(f"Handout number {position} is not in the catalog", "handouts")
    lang = _text(fields, "lang") or library.settings.base_language
    paper = _text(fields, "paper") or library.settings.papers[0]
    if paper not in PAPER_SIZES:
        raise Problem(f"“Paper” must be one of: {', '.join(PAPER_SIZES)}", "paper")
    clinic = _text(fields, "clinic")
    details = [_text(fields, name) for name in ("patient", "provider", "visit_date", "note")]
    try:
        personal = personal_from_options(*details)
        library.check_names(slugs, clinic, lang, private=personal is not None)
    except HandoutsError as error:
        raise friendly(error) from None
    if lang not in library.languages:  # 'all' passes check_names: a copy has one language
        raise Problem(f"“Language” must be one of: {', '.join(library.languages)}", "lang")
    password = _text(fields, "password") if locked or email else None
    if (locked or email) and password is None:
        raise Problem(
            "Type a password: the PDF is locked with it" + (" before it is emailed" * email),
            "password",
        )
    if password is not None and not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise Problem(
            f"The password must have {MIN_PASSWORD} to {MAX_PASSWORD} characters", "password"
        )
    address = _text(fields, "email") if email else None
    if email and (address is None or not _EMAIL.fullmatch(address.strip())):
        raise Problem("“Patient's email” must be one email address, like name@example.com", "email")
    return Order(
        slugs=tuple(dict.fromkeys(slugs)), lang=lang, paper=paper,
        large_print=_flag(fields, "large_print"), clinic=clinic, personal=personal,
        password=password, email=address.strip() if address else None,
    )  # fmt: skip


def file_name(order: Order, base_language: str) -> str:
    """Neutral: never a name, a date or a note; a personal copy never names its condition."""
    if order.personal is None and len(order.slugs) == 1:
        from handouts.serve.engine import Edition

        edition = Edition(order.slugs[0], order.lang, order.paper, order.large_print, order.clinic)
        name = edition.file_name(base_language).removesuffix(".pdf")
    else:
        name = "handout" if len(order.slugs) == 1 else "packet"
        name += "-personal" if order.personal is not None else ""
    return name + ("-locked" if order.password else "") + ".pdf"


def suggest_password() -> str:
    """Twelve letters and digits in three groups, easy to read out: 'K7QM-4TXP-9RWA'."""
    letters = "".join(secrets.choice(_PASSWORD_LETTERS) for _ in range(12))
    return "-".join(letters[i : i + 4] for i in range(0, 12, 4))
