"""Personalised copies: a patient's name, provider, visit date and note on page 1.

These are protected health information. They are printed on the page and nowhere else: never
in file names, PDF metadata, output or error messages. Messages about them name the field,
never its value.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from handouts.content.markup import LONE_ACCENT
from handouts.errors import HandoutsError

MAX_NAME = 80
MAX_NOTE = 400
MAX_NOTE_LINES = 6


@dataclass(frozen=True)
class Personal:
    patient: str
    provider: str | None = None
    visit_date: dt.date | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        for name in ("patient", "provider", "note"):
            object.__setattr__(self, name, _nfc(getattr(self, name)))

    @property
    def note_lines(self) -> list[str]:
        return [line.strip() for line in (self.note or "").splitlines() if line.strip()]


def _nfc(value: str | None) -> str | None:
    return None if value is None else unicodedata.normalize("NFC", value)


def personal_from_options(
    patient: str | None, provider: str | None, visit_date: str | None, note: str | None
) -> Personal | None:
    """Check the command-line values; errors say which option is wrong, never what it held.
    Text is normalised to NFC, as content is: an accent typed or pasted decomposed (macOS)
    would print beside its letter."""
    patient, provider, note = (_nfc(value) for value in (patient, provider, note))
    if patient is None:
        if provider or visit_date or note:
            raise HandoutsError("--provider, --visit-date and --note need --patient as well")
        return None
    for option, value, limit in (
        ("--patient", patient, MAX_NAME),
        ("--provider", provider, MAX_NAME),
    ):
        if value is not None and not value.strip():
            raise HandoutsError(f"{option} is empty")
        if value is not None and len(value) > limit:
            raise HandoutsError(f"{option} is longer than {limit} characters")
    if note is not None and (len(note) > MAX_NOTE or len(note.splitlines()) > MAX_NOTE_LINES):
        raise HandoutsError(
            f"--note is too long: at most {MAX_NOTE} characters on {MAX_NOTE_LINES} lines"
        )
    date = None
    if visit_date is not None:
        try:
            date = dt.date.fromisoformat(visit_date)
        except ValueError:
            raise HandoutsError("--visit-date must be a date written as YYYY-MM-DD") from None
    return Personal(patient.strip(), provider and provider.strip(), date, note)


def unsupported_characters(personal: Personal, covered: set[int]) -> list[str]:
    """Options holding characters the font cannot print (by option name and code point only)."""
    problems = []
    for option, value in (
        ("--patient", personal.patient),
        ("--provider", personal.provider),
        ("--note", personal.note),
    ):
        missing = sorted(
            {f"U+{ord(c):04X}" for c in value or "" if ord(c) not in covered and c not in "\n\r\t"}
        )
        if missing:
            problems.append(
                f"{option} has characters the font cannot print ({', '.join(missing)}); "
                "remove or replace them"
            )
        accent = LONE_ACCENT.search(value or "")
        if accent and not missing:
            problems.append(
                f"{option} has an accent (U+{ord(accent.group()):04X}) that cannot be joined to "
                "the letter before it; type the accented letter itself"
            )
    return problems
