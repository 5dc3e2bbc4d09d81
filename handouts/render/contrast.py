"""WCAG 2.x contrast ratios, so a brand colour that would make text hard to read is caught early."""

from __future__ import annotations

MIN_TEXT_CONTRAST = 4.5
"""WCAG 1.4.3 (AA) for normal-size text; all our body text is normal size."""

WHITE = "#FFFFFF"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def tint(hex_colour: str, strength: float) -> str:
    """The colour mixed with white; strength 0 is white, 1 the colour itself."""
    channels = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(255 - (255 - c) * strength) for c in channels)
    return "#" + "".join(f"{c:02X}" for c in mixed)
