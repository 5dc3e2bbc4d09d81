"""Stage 5 of the pipeline: work on finished PDFs with pypdf (encrypt, merge into packets)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle, UserAccessPermissions
from pypdf.generic import BooleanObject, NameObject, TextStringObject

from handouts.errors import HandoutsError

MIN_PASSWORD = 8

# Printing and copying stay allowed: copying is how screen readers and magnifiers get the text.
ALLOWED = (
    UserAccessPermissions.PRINT
    | UserAccessPermissions.PRINT_TO_REPRESENTATION
    | UserAccessPermissions.EXTRACT
    | UserAccessPermissions.EXTRACT_TEXT_AND_GRAPHICS
    | UserAccessPermissions.FILL_FORM_FIELDS
)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise HandoutsError(f"the password must have at least {MIN_PASSWORD} characters")


def encrypt(data: bytes, password: str) -> bytes:
    """AES-256 with an open password; the reader may print, copy and fill in forms."""
    check_password(password)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, algorithm="AES-256", permissions_flag=ALLOWED)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class PacketPart:
    title: str
    label: str
    """Short page-label prefix, so the viewer shows 'migraine 2' rather than '7'."""
    data: bytes


def merge_packet(parts: list[PacketPart], title: str, lang: str) -> bytes:
    """One PDF: each handout's pages, a bookmark per handout (its sections beneath),
    page labels per handout, one title, and the form fields of every part."""
    writer = PdfWriter()
    start = 0
    for part in parts:
        reader = PdfReader(io.BytesIO(part.data))
        # Each handout's own outline already starts with its title, sections beneath.
        writer.append(reader, import_outline=True, excluded_fields=())
        count = len(reader.pages)
        writer.set_page_label(
            start, start + count - 1, style=PageLabelStyle.DECIMAL, prefix=f"{part.label} "
        )
        start += count
    first = PdfReader(io.BytesIO(parts[0].data)).metadata
    writer.add_metadata({"/Title": title, "/Creator": (first.creator if first else None) or ""})
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    preferences = writer.create_viewer_preferences()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
