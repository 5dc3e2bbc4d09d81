"""Sizes, spacing and colour roles for every handout, in one place (no ReportLab import here).

The numbers follow ../shared/guide/handout-style.md: body 13 pt or more, headings 16-18 pt,
leading at least 1.3, margins at least 0.75 in, dark text on white.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from handouts.content.models import Colours
from handouts.papers import PAPER_SIZES
from handouts.render.contrast import MIN_TEXT_CONTRAST, WHITE, ratio, tint

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class Theme:
    """Type sizes and spacing, in points. One instance per paper and size of print."""

    paper: str = "letter"
    body_size: float = 13.0
    leading_ratio: float = 1.3
    """The issue sets 1.3 as the floor; the style guide 1.25. More would push sheets to 3 pages."""
    heading_size: float = 17.0
    title_size: float = 22.0
    message_size: float = 14.0
    footer_size: float = 12.0
    margin: float = 0.75 * POINTS_PER_INCH
    band_height: float = 56.0
    tint_strength: float = 0.14
    """How much of the accent colour shows behind boxed text; the contrast check uses it too."""
    list_indent: float = 22.0
    gap: float = 8.0
    """Space after a paragraph or list; sections get three times this above their heading."""

    # Boxes: the key message, callouts, the "Prepared for" box (render/boxes.py).
    box_padding: float = 14.0
    """Left and right, inside a tinted box."""
    box_row_padding: float = 3.0
    """Above and below each line of a box."""
    box_edge_padding: float = 8.0
    """Above the first line and below the last."""
    message_bar: float = 5.0
    """The accent bar left of the key message."""
    callout_border: float = 1.5
    """The frame of an ordinary callout and of the "Prepared for" box."""
    warning_border: float = 3.0
    """The heavier frame of a warning callout ("when to get emergency care")."""

    # The brand band that opens page 1.
    band_padding: float = 12.0
    band_radius: float = 8.0
    band_tagline_gap: float = 4.0
    logo_max_width: float = 160.0
    logo_overhang: float = 8.0
    """How much taller than the band's inner height the logo may be."""
    logo_tile_padding: tuple[float, float] = (6.0, 4.0)
    """The white tile behind the logo: horizontal and vertical padding."""
    logo_tile_radius: float = 5.0

    # Clinic cards and the website's QR code (the contacts part).
    card_bar: float = 4.0
    card_padding: float = 12.0
    card_row_padding: float = 1.0
    card_top_padding: float = 6.0
    card_bottom_padding: float = 7.0
    qr_size: float = 72.0
    qr_gap: float = 12.0

    # Tables: the two-column table part, and the diary's week tables.
    table_columns: tuple[str, str] = ("36%", "64%")
    table_padding: float = 6.0
    table_bottom_padding: float = 2.0
    table_header_rule: float = 1.5
    table_rule: float = 0.5
    diary_padding: tuple[float, float] = (4.0, 2.0)
    """Horizontal and vertical padding in a diary cell."""
    diary_grid: float = 0.75
    diary_row_extra: float = 6.0
    """A diary row is one line of body text plus this."""
    field_inset: float = 4.0
    """A form field is this much shorter than its cell, so the cell's rules stay visible."""
    field_font_size: float = 11.0

    # The write-in box.
    write_in_line_extra: float = 8.0
    """A ruled line is one line of body text plus this."""
    rule_frame: float = 0.75
    rule_line: float = 0.4
    rule_inset: float = 8.0

    # Figures.
    caption_gap: float = 6.0

    @classmethod
    def for_paper(cls, paper: str = "letter", *, large_print: bool = False) -> Theme:
        """The theme for one paper size, at normal or large print."""
        theme = cls(paper=paper)
        return theme.large_print() if large_print else theme

    def large_print(self) -> Theme:
        """The same handout at 18 pt body for readers with low vision; it reflows to more pages."""
        return replace(
            self,
            body_size=18.0,
            heading_size=22.0,
            title_size=26.0,
            message_size=19.0,
            footer_size=14.0,
            band_height=64.0,
            list_indent=28.0,
            gap=10.0,
        )

    @property
    def page_size(self) -> tuple[float, float]:
        return PAPER_SIZES[self.paper]

    @property
    def text_width(self) -> float:
        return self.page_size[0] - 2 * self.margin

    def leading(self, size: float) -> float:
        return round(size * self.leading_ratio, 2)


@dataclass(frozen=True)
class ColourUse:
    """One place a brand colour meets another: the pair must be readable as text."""

    role: str
    """The brand colour field that the content team would change to fix a problem."""
    foreground: str
    background: str
    where: str


def colour_uses(colours: Colours, theme: Theme) -> list[ColourUse]:
    """Every foreground/background pair the layout draws text with."""
    box = tint(colours.accent, theme.tint_strength)
    return [
        ColourUse("text", colours.text, WHITE, "body text on the white page"),
        ColourUse("text", colours.text, box, "text in the highlighted boxes"),
        ColourUse("primary", WHITE, colours.primary, "white clinic name on the brand band"),
        ColourUse("primary", colours.primary, WHITE, "section headings on the white page"),
    ]


def contrast_problems(colours: Colours, theme: Theme) -> list[tuple[str, str]]:
    """(colour field, message) for each pair under WCAG 1.4.3's 4.5:1."""
    problems = []
    for use in colour_uses(colours, theme):
        value = ratio(use.foreground, use.background)
        if value < MIN_TEXT_CONTRAST:
            problems.append(
                (
                    use.role,
                    f"colour '{use.role}' gives {use.where} a contrast of {value:.1f}:1; "
                    f"WCAG 1.4.3 needs at least {MIN_TEXT_CONTRAST}:1; choose a darker colour",
                )
            )
    return problems
