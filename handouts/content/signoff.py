"""Clinical sign-off: what a clinician's signature covers, and whether it still holds.

A sign-off is three fields in the text's own file: `reviewed_by` (who), `reviewed_on` (when)
and `reviewed_text` (a hash of the text signed). A block, and a condition's own title and
message, is *signed* only when all three are there and the hash matches its text now: editing
a word afterwards voids the sign-off, with no one having to remember to clear it.

The hash is of the text as validated, made canonical: for a block, its heading and each part's
kind and fields (every word a reader sees or a screen reader speaks: text, list items, alt
text, tooltips; and the settings written in it, such as a callout's tone or a picture's file);
for a condition, its title and message. Runs of white space count as one space, so YAML
comments, quoting, indentation and line wrapping never void a sign-off; the `revised` date and
the sign-off itself are not part of it. Each language's file is its own text, signed on its own.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Any

from handouts.content.models import Block, Condition

PREFIX = "sha256:"
HEX_DIGITS = 16
"""Hex digits written (64 bits): enough that an edit never matches by chance, short to read."""
_VERSION = "handouts sign-off 1\n"
"""Hashed first: a future change of the canonical form can tell its hashes from these."""

Signable = Block | Condition


class State(StrEnum):
    SIGNED = "signed"
    UNSIGNED = "not signed"
    INCOMPLETE = "sign-off incomplete"
    CHANGED = "changed since signed"


def _canonical(value: Any) -> Any:
    """Every text with its runs of white space made one space; lists and mappings kept."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    return value


def canonical_text(item: Signable) -> Any:
    """What a sign-off of this block or condition covers, as plain data."""
    if isinstance(item, Condition):
        return _canonical({"title": item.title, "message": item.message})
    body = [
        [part.kind, part.model_dump(mode="json", by_alias=True, exclude_defaults=True)]
        for part in item.body
    ]
    return _canonical({"heading": item.heading, "body": body})


def _digest(item: Signable) -> str:
    data = json.dumps(canonical_text(item), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256((_VERSION + data).encode("utf-8")).hexdigest()


def text_hash(item: Signable) -> str:
    """`sha256:` and the first hex digits of the hash of its canonical text."""
    return PREFIX + _digest(item)[:HEX_DIGITS]


def state(item: Signable) -> State:
    fields = (item.reviewed_by, item.reviewed_on, item.reviewed_text)
    if all(field is None for field in fields):
        return State.UNSIGNED
    if item.reviewed_by is None or item.reviewed_on is None or item.reviewed_text is None:
        return State.INCOMPLETE
    recorded = item.reviewed_text.removeprefix(PREFIX)
    return State.SIGNED if _digest(item).startswith(recorded) else State.CHANGED


def is_signed(item: Signable) -> bool:
    return state(item) is State.SIGNED


def why_not_signed(item: Signable) -> str:
    """Why a text is not signed, in a clinician's words ('' when it is)."""
    found = state(item)
    signer = f"the sign-off by {item.reviewed_by} on {item.reviewed_on}"
    if found is State.CHANGED:
        return f"{signer} no longer matches the text (changed since); sign it again"
    if found is State.INCOMPLETE:
        if item.reviewed_text is None and item.reviewed_by and item.reviewed_on:
            return f"{signer} records no reviewed_text (the text signed); sign it again"
        return (
            "the sign-off is incomplete: reviewed_by, reviewed_on and reviewed_text are all "
            "needed; sign it with handouts review --sign"
        )
    if found is State.UNSIGNED:
        return "not yet signed off by a clinician"
    return ""
