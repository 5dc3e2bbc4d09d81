"""ReportLab paragraph styles built from the theme and the brand: the only place they are made."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from handouts.content.fonts import FontFamily
from handouts.content.models import Colours
from handouts.render.contrast import tint
from handouts.render.theme import Theme


@dataclass(frozen=True)
class Styles:
    theme: Theme
    colours: Colours
    font: FontFamily
    body: ParagraphStyle
    bullet: ParagraphStyle
    column_bullet: ParagraphStyle
    """A bullet in a two-column list: closer spacing, since short items sit side by side."""
    step: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    message: ParagraphStyle
    callout_title: ParagraphStyle
    warning_title: ParagraphStyle
    """A warning box's title: white on the emergency band."""
    running_title: ParagraphStyle
    """The handout's title at the top of page 2 on."""
    question: ParagraphStyle
    table_header: ParagraphStyle
    band_name: ParagraphStyle
    band_tagline: ParagraphStyle
    card_name: ParagraphStyle
    card_phone: ParagraphStyle
    card_detail: ParagraphStyle
    caption: ParagraphStyle
    footer: ParagraphStyle

    @property
    def box_fill(self) -> str:
        return tint(self.colours.accent, self.theme.tint_strength)

    @property
    def regular(self) -> str:
        return self.font.name("Regular")

    @property
    def bold(self) -> str:
        return self.font.name("Bold")


COLUMN_ITEM_GAP = 0.0


def _reportlab_defaults() -> dict[str, object]:
    """The paragraph settings a ParagraphStyle takes from rl_config (so from RL_* environment
    variables) when it does not state them, at ReportLab's own defaults: stated on every style,
    so the environment cannot hyphenate, underline links or shrink spaces in our handouts."""
    from reportlab import rl_settings

    return {
        "linkUnderline": rl_settings.platypus_link_underline,
        "spaceShrinkage": rl_settings.spaceShrinkage,
        "hyphenationLang": rl_settings.hyphenationLang,
        "hyphenationMinWordLength": rl_settings.hyphenationMinWordLength,
        "embeddedHyphenation": rl_settings.embeddedHyphenation,
        "uriWasteReduce": rl_settings.uriWasteReduce,
        "underlineWidth": rl_settings.underlineWidth,
        "underlineOffset": rl_settings.underlineOffset,
        "underlineGap": rl_settings.underlineGap,
        "strikeWidth": rl_settings.strikeWidth,
        "strikeOffset": rl_settings.strikeOffset,
        "strikeGap": rl_settings.strikeGap,
    }


@functools.lru_cache(maxsize=16)
def make_styles(theme: Theme, colours: Colours, font: FontFamily) -> Styles:
    """One set per theme, brand colours and font, made once per process: every handout of a
    catalog shares it (ReportLab reads styles and never changes them)."""
    text = HexColor(colours.text)
    primary = HexColor(colours.primary)
    size = theme.body_size
    body = ParagraphStyle(
        "body",
        fontName=font.base_name,
        fontSize=size,
        leading=theme.leading(size),
        textColor=text,
        alignment=TA_LEFT,
        spaceAfter=theme.gap,
        bulletFontName=font.base_name,
        bulletFontSize=size,
        allowWidows=0,
        allowOrphans=0,
        **_reportlab_defaults(),
    )

    def derive(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **changes)  # type: ignore[arg-type]

    heading_size = theme.heading_size
    return Styles(
        theme=theme,
        colours=colours,
        font=font,
        body=body,
        bullet=derive(
            "bullet",
            leftIndent=theme.list_indent,
            bulletIndent=4,
            spaceAfter=theme.gap / 2,
        ),
        column_bullet=derive(
            "column_bullet",
            leftIndent=theme.list_indent,
            bulletIndent=4,
            spaceAfter=COLUMN_ITEM_GAP,
        ),
        step=derive(
            "step",
            leftIndent=theme.list_indent + 8,
            bulletIndent=0,
            bulletFontName=font.name("Bold"),
            bulletColor=primary,
            spaceAfter=theme.gap * 0.75,
        ),
        title=derive(
            "title",
            fontName=font.name("Bold"),
            fontSize=theme.title_size,
            leading=theme.leading(theme.title_size) * 0.95,
            spaceBefore=theme.gap * 2,
            spaceAfter=theme.gap * 1.5,
            keepWithNext=1,
        ),
        heading=derive(
            "heading",
            fontName=font.name("Bold"),
            fontSize=heading_size,
            leading=round(heading_size * 1.2, 2),  # headings are one line; body keeps 1.3
            textColor=primary,
            spaceBefore=theme.section_space,
            spaceAfter=theme.gap * 0.5,
            keepWithNext=1,
        ),
        message=derive(
            "message",
            fontName=font.name("Bold"),
            fontSize=theme.message_size,
            leading=theme.leading(theme.message_size),
            spaceAfter=0,
        ),
        callout_title=derive(
            "callout_title",
            fontName=font.name("Bold"),
            fontSize=size + 2,
            leading=theme.leading(size + 2),
            spaceAfter=2,
        ),
        warning_title=derive(
            "warning_title",
            fontName=font.name("Bold"),
            fontSize=size + 2,
            leading=theme.leading(size + 2),
            textColor=white,
            spaceAfter=0,
        ),
        running_title=derive(
            "running_title",
            fontSize=theme.footer_size,
            leading=theme.leading(theme.footer_size),
            spaceAfter=0,
        ),
        question=derive(
            "question",
            fontName=font.name("Bold"),
            spaceAfter=2,
            keepWithNext=1,
        ),
        table_header=derive("table_header", fontName=font.name("Bold"), spaceAfter=0),
        band_name=derive(
            "band_name",
            fontName=font.name("Bold"),
            fontSize=size + 7,
            leading=theme.leading(size + 7) * 0.95,
            textColor=white,
            spaceAfter=0,
        ),
        band_tagline=derive("band_tagline", textColor=white, spaceAfter=0),
        card_name=derive("card_name", fontName=font.name("Bold"), spaceAfter=0),
        card_phone=derive(
            "card_phone",
            fontName=font.name("Bold"),
            fontSize=size + 3,
            leading=theme.leading(size + 3),
            spaceAfter=0,
        ),
        card_detail=derive("card_detail", spaceAfter=0),
        caption=derive("caption", fontName=font.name("Italic"), alignment=TA_CENTER, spaceAfter=0),
        footer=derive(
            "footer",
            fontSize=theme.footer_size,
            leading=theme.leading(theme.footer_size),
            spaceAfter=0,
        ),
    )
