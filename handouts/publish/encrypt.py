"""AES-256 encryption of a finished PDF, with an open password (pypdf)."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions

from handouts.options import check_password

# Printing and copying stay allowed: copying is how screen readers and magnifiers get the text.
ALLOWED = (
    UserAccessPermissions.PRINT
    | UserAccessPermissions.PRINT_TO_REPRESENTATION
    | UserAccessPermissions.EXTRACT
    | UserAccessPermissions.EXTRACT_TEXT_AND_GRAPHICS
    | UserAccessPermissions.FILL_FORM_FIELDS
)


def encrypt(data: bytes, password: str) -> bytes:
    """AES-256 with an open password; the reader may print, copy and fill in forms."""
    check_password(password)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, algorithm="AES-256", permissions_flag=ALLOWED)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
