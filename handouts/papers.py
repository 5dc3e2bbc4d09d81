"""The paper sizes the engine knows, in points: the one list that settings, the theme, the
build plan and the command line all read."""

from __future__ import annotations

PAPER_SIZES: dict[str, tuple[float, float]] = {
    "letter": (8.5 * 72, 11 * 72),
    "a4": (595.2756, 841.8898),
}
PAPERS = tuple(PAPER_SIZES)


def check_paper(value: str) -> str:
    """A settings value or option that must name a known paper size."""
    if value not in PAPER_SIZES:
        names = " or ".join(f"'{name}'" for name in PAPERS)
        raise ValueError(f"'papers' must be {names}, not '{value}'")
    return value
