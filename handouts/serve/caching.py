"""What a browser may keep, and for how long.

Pages, PDFs, personal copies, JSON and errors: nothing (`no-store`, the guard's rule for every
response). Three kinds are kept, because they hold no patient data and are the same for every
signed-in user, and because fetching and decoding them again on every page a front desk opens
cost Chromium about half of each catalog page's CPU:

- the app's style and script (/static/), when asked for by the versioned address the pages
  use (`asset_url`: a hash of the file), so a new version of the app is fetched at once;
- its fonts (/fonts/), for a day;
- the pictures of generic handouts' pages (/pictures/), when asked for with the version of the
  content and engine that drew them (`picture_version`): an edit to the content, or a new
  engine, gives every picture a new address, so no old picture is ever shown as current.

`private` throughout: behind a shared proxy with the access token on, nothing is cached for
other people.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from handouts.build.incremental import engine_fingerprint

STATIC = Path(__file__).resolve().parent / "static"
KEEP = b"private, max-age=31536000, immutable"
"""For an address that names its version: the bytes behind it never change."""
FONTS = b"private, max-age=86400"
NEVER = b"no-store"


def cache_control(path: str, query: bytes, status: int, said: bytes | None) -> bytes:
    """The Cache-Control a response leaves with: `said` is what the route set, honoured only
    for pictures (the route knows whether the version asked for is the one drawn). Only a
    file found (or not modified since) is kept: a 404 is asked for again."""
    if status not in (200, 304):
        return NEVER
    if path.startswith("/static/"):
        return KEEP if query.startswith(b"v=") else b"no-cache"
    if path.startswith("/fonts/"):
        return FONTS
    if path.startswith("/pictures/") and said == KEEP:
        return KEEP
    return NEVER


@functools.cache
def asset_url(name: str) -> str:
    """/static/<name>?v=<hash of the file>: the address pages use for the app's own files."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]
    return f"/static/{name}?v={digest}"


@functools.lru_cache(maxsize=64)  # a revision per content edit the server has loaded
def picture_version(revision: str) -> str:
    """Changes with the content (its revision) and with the engine that draws the pages."""
    return hashlib.sha256(f"{revision} {engine_fingerprint()}".encode()).hexdigest()[:12]
