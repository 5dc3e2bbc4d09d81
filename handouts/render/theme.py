"""Sizes, spacing and colour roles for every handout, in one place (no ReportLab import here).

The numbers follow ../shared/guide/handout-style.md: body 13 pt or more, headings 16-18 pt,
leading at least 1.3, margins at least 0.75 in, dark text on white, 50-75 characters a line.

The page grid: page 1's band, title and key message span the text width; below them the body
runs in a column (`column_width`) with a rail on its left (`rail_width`) that carries the
sections' icons. Atkinson Hyperlegible sets about 5.7 pt a character at 13 pt (English; 5.8
Spanish), so a 5.6 in column holds about 66 characters a full line (a 7 in one held 88), and
large print's 18 pt in 6.45 in about 56 (tests/render/test_measure.py measures the real PDFs).
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
    measure: float = 5.6 * POINTS_PER_INCH
    """The body column's width: ~66 characters a line at 13 pt. Narrower costs paper (a 2-page
    handout at 5.25 in needs about 8 % more room than at 5.6 in), wider passes 75 characters."""
    min_rail: float = 40.0
    """The rail is what the text width leaves beside the column, never less than an icon and
    its gap (large print on A4)."""
    min_rail_picture: float = 72.0
    """A figure with `place: rail` goes in the rail when it is at least this wide (Letter and A4
    at 13 pt); below (large print) it sits in the column instead."""
    rail_picture_in_column: float = 0.3
    """Where a rail picture sits in the column instead, its share of the column's width."""
    icon_size: float = 22.0
    """A section's icon in the rail, beside its heading; boxes' icons are the same size."""
    icon_gap: float = 14.0
    """Between an icon and the words it goes with."""
    footer_margin: float = 0.6 * POINTS_PER_INCH
    """From the paper's bottom edge to the footer's revised/page line: the footer sits lower than
    the text margin, and a draft's line under it still prints (printers need 0.25 in)."""
    header_margin: float = 0.42 * POINTS_PER_INCH
    """From the paper's top edge to the running title's baseline (page 2 on)."""
    band_height: float = 56.0
    tint_strength: float = 0.14
    """How much of the accent colour shows behind boxed text; the contrast check uses it too."""
    list_indent: float = 22.0
    gap: float = 8.0
    """Space after a paragraph or list."""
    section_space: float = 14.0
    """Above a section's heading (1.75 gaps): the whole space between sections, as ReportLab
    overlaps it with the space after the paragraph above."""

    # Boxes: the key message, callouts, the "Prepared for" box (render/boxes.py).
    box_padding: float = 14.0
    """Left and right, inside a tinted box."""
    box_row_padding: float = 3.0
    """Above and below each line of a box."""
    box_edge_padding: float = 8.0
    """Above the first line and below the last."""
    message_bar: float = 5.0
    """The accent bar left of the key message."""
    info_bar: float = 3.0
    """The accent bar left of an information callout (calm: a tint and a thin bar)."""
    warning_bar: float = 6.0
    """The thick bar left of a warning callout ("when to call", "call 911"), in `emergency`."""
    warning_frame: float = 1.25
    """The warning box's outline, in `emergency`: the box reads as one piece in grayscale."""
    emergency: str = "#B3261E"
    """A warning's band and bar, behind its white title: 6.5:1 with white (WCAG 1.4.3)."""
    emergency_tint: float = 0.07
    """How much of `emergency` shows behind a warning's text."""
    card_border: float = 1.0
    """The outline of the "Prepared for" card (white, no tint: it is the patient's own)."""
    card_radius: float = 6.0

    # The brand band that opens page 1.
    band_padding: float = 12.0
    band_radius: float = 8.0
    band_tagline_gap: float = 4.0
    band_card_padding: float = 4.0
    """Around the "Prepared for" line, in its white card on the band (personal copies)."""
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
    write_in_max_extra: int = 12
    """Lines the last write-in box of a handout may add to fill its page (render/flowables.py)."""
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
            measure=6.45 * POINTS_PER_INCH,
            icon_size=26.0,
            band_height=64.0,
            list_indent=28.0,
            gap=10.0,
            section_space=17.5,
        )

    def tighter(self, step: int) -> Theme:
        """This theme after copy-fitting step `step` (0 is the least, see `TIGHTENINGS`): what
        a personal copy uses to keep the generic copy's pages (render/copyfit.py)."""
        tightening = TIGHTENINGS[step]
        return replace(
            self,
            gap=self.gap * tightening.gap,
            section_space=self.section_space * tightening.section_space,
            box_edge_padding=self.box_edge_padding * tightening.box_edge_padding,
            rail_picture_in_column=self.rail_picture_in_column * tightening.rail_picture,
            title_size=self.title_size * tightening.title,
        )

    @property
    def page_size(self) -> tuple[float, float]:
        return PAPER_SIZES[self.paper]

    @property
    def text_width(self) -> float:
        return self.page_size[0] - 2 * self.margin

    @property
    def column_width(self) -> float:
        """The body text's column: `measure`, or less where the paper leaves no rail."""
        return min(self.measure, self.text_width - self.min_rail)

    @property
    def rail_width(self) -> float:
        """Left of the column: the sections' icons."""
        return self.text_width - self.column_width

    def leading(self, size: float) -> float:
        return round(size * self.leading_ratio, 2)


@dataclass(frozen=True)
class Tightening:
    """One step of copy-fitting: the share of some of the theme's spaces a personal copy keeps.

    Only space between and around things shrinks, and the space above a heading least, so a
    section still reads as one. Body and heading sizes, the leading ratio (1.3), the margins
    and the column's width (so its 50-75 characters a line) are never touched."""

    gap: float
    """Of `gap`: the space after paragraphs, list items and parts, and around the title."""
    section_space: float
    """Of `section_space`: above a section's heading."""
    box_edge_padding: float
    """Of `box_edge_padding`: above a box's first line and below its last."""
    rail_picture: float
    """Of `rail_picture_in_column`: large print's condition picture, in the column."""
    title: float = 1.0
    """Of `title_size`: the handout's title on page 1 (still well above the headings)."""


TIGHTENINGS = (
    # Letter: paragraphs 6.8 pt apart, sections 12.6 (large print 8.5 and 15.75).
    Tightening(gap=0.85, section_space=0.9, box_edge_padding=1.0, rail_picture=1.0),
    # Letter: 5.6 and 11.2 pt (large print 7 and 14); boxes 6 pt above and below their text.
    Tightening(gap=0.7, section_space=0.8, box_edge_padding=0.75, rail_picture=1.0),
    # Letter: 4.4 and 9.8 pt (large print 5.5 and 12.25): a paragraph's space still a quarter
    # of a line, a heading's more than half. Large print's picture at a fifth of the column
    # (1.3 in), about as wide as normal print's in the rail. The title at 24 pt, not 26 (20.3,
    # not 22, in normal print): a long Spanish title then takes one line fewer.
    Tightening(
        gap=0.55, section_space=0.7, box_edge_padding=0.75, rail_picture=2 / 3, title=12 / 13
    ),
)
"""Copy-fitting's ladder, least first: each step keeps less space than the one before."""


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
        ColourUse("text", colours.text, tint(theme.emergency, theme.emergency_tint),
                  "text in the warning boxes"),
    ]  # fmt: skip


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
