"""The clinics: `- contacts: Optional sentence above the cards.`

A card per clinic from brand.yaml (only this edition's clinic in a clinic's own edition), each
phone number a tap-to-call link, and a QR code for the brand's website when it has one. The
brand's `wording: contacts:` (one form for one clinic, another for several) replaces the
sentence, so a clinic's folder words it without copying the block (docs/brands.md).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field

from handouts.content.fields import Text
from handouts.parts.base import PartModel, Tags, plain

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Group
    from reportlab.platypus import Flowable
    from reportlab.platypus import Table as RLTable

    from handouts.content.library import Handout
    from handouts.content.models import Location
    from handouts.render.context import Context
    from handouts.render.flowables import FigureOf


class Contacts(PartModel):
    kind: ClassVar[str] = "contacts"
    intro: Text | None = Field(default=None, alias="contacts")
    """Optional sentence above the clinic cards; the cards come from brand.yaml."""

    def texts(self) -> Iterator[str]:
        if self.intro:
            yield self.intro

    def render(self, ctx: Context) -> list[Flowable]:
        from reportlab.platypus import Spacer, TableStyle

        from handouts.render.flowables import RailPicture, WholeTable

        styles = ctx.styles
        flowables: list[Flowable] = []
        words = ctx.contacts or self.intro  # the brand's wording, for its number of clinics
        if words:
            intro = ctx.para(words, styles.body)
            intro.keepWithNext = True
            flowables.append(intro)
        cards = [_location_card(location, ctx) for location in ctx.locations]
        columns = 2 if len(cards) > 1 else 1
        rows: list[list[Flowable | str]] = [
            cards[i : i + columns] for i in range(0, len(cards), columns)
        ]  # type: ignore[misc]
        if len(rows[-1]) < columns:
            rows[-1] = [*rows[-1], ""]
        gap = styles.theme.gap
        in_rail = bool(ctx.website) and ctx.theme.rail_width >= ctx.theme.qr_size + gap
        if in_rail:  # the QR code beside the cards, in the margin rail: no line of its own
            flowables.append(RailPicture(_qr_figure(ctx.website or "", ctx), ctx.theme.rail_width))
        # One table per row of cards: a row never splits, and many clinics flow over pages.
        for row in rows:
            table = WholeTable(
                [row], ctx.max_whole, colWidths=[f"{100 / columns:.4f}%"] * columns, hAlign="LEFT"
            )
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), gap),
                    ]
                )
            )
            flowables.append(table)
        if ctx.website and in_rail:
            flowables += _scan_words(ctx.website, ctx)
        elif ctx.website:
            flowables += [Spacer(0, styles.theme.gap), _website_with_qr(ctx.website, ctx)]
        return flowables

    def tags(self, handout: Handout) -> Tags:
        words = handout.contacts_intro(self.intro)
        found = [("P", plain(words))] if words else []
        for location in handout.locations:
            found += [("P", location.name), ("P", location.phone)]
            found += [("P", x) for x in (location.address, location.hours) if x]
        if handout.brand.website:
            found += [("P", handout.language.furniture.scan), ("P", handout.brand.website)]
        return found


def _qr_figure(url: str, ctx: Context) -> FigureOf:
    """A QR code that opens the website, tagged as a Figure. Drawn as vector squares: sharp
    at any size, no image, no font."""
    from reportlab.graphics.shapes import Drawing

    from handouts.render.flowables import FigureOf

    size = ctx.theme.qr_size
    squares = _qr_squares(url)
    x0, y0, x1, y1 = squares.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(squares)
    drawing.initialFontName = ctx.styles.regular  # else ReportLab's renderer sets Helvetica
    drawing._showBoundary = False  # else rl_config's (RL_showBoundary frames the drawing)
    return FigureOf(drawing, ctx.section.add("Figure", alt=f"QR: {url}"))


@functools.lru_cache(maxsize=8)
def _qr_squares(url: str) -> Group:
    """The QR code's squares, encoded once per address: encoding was about half the time of
    a handout with a website, and copy-fitting lays a personal copy out up to five times.
    ReportLab only reads the shapes, so every drawing can share them."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    return QrCodeWidget(url, barLevel="M").draw()


def _scan_words(url: str, ctx: Context) -> list[Flowable]:
    """What the QR code is, and its address for those who cannot scan, under the cards."""
    from handouts.content.markup import escape, quoteattr
    from handouts.render.flowables import Para

    link = f"<a href={quoteattr(url)}><u>{escape(url)}</u></a>"
    styles = ctx.styles
    return [
        Para(escape(ctx.scan), styles.body, tag=ctx.section.add("P", text=ctx.scan)),
        Para(link, styles.card_name, tag=ctx.section.add("P", text=url)),
    ]


def _website_with_qr(url: str, ctx: Context) -> RLTable:
    """The QR code with the address printed beside it, where the rail is too narrow for it
    (large print)."""
    from reportlab.platypus import TableStyle

    from handouts.render.flowables import WholeTable

    styles = ctx.styles
    figure = _qr_figure(url, ctx)  # tagged first: it comes first in reading order
    table = WholeTable(
        [[figure, _scan_words(url, ctx)]],
        ctx.max_whole,
        colWidths=[ctx.theme.qr_size + ctx.theme.qr_gap, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _location_card(location: Location, ctx: Context) -> RLTable:
    """One clinic as a tinted card: name, a tap-to-call phone number, address and hours."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    from handouts.content.markup import escape, quoteattr
    from handouts.render.flowables import Para

    theme = ctx.theme
    styles = ctx.styles
    card = ctx.section.add("Div")
    phone = f"<a href={quoteattr(location.tel_url)}>{escape(location.phone)}</a>"
    lines: list[Flowable] = [
        Para(escape(location.name), styles.card_name, tag=card.add("P", text=location.name)),
        Para(phone, styles.card_phone, tag=card.add("P", text=location.phone)),
    ]
    lines += [
        Para(escape(extra), styles.card_detail, tag=card.add("P", text=extra))
        for extra in (location.address, location.hours)
        if extra
    ]
    table = RLTable([[line] for line in lines], colWidths=["100%"], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(styles.box_fill)),
                ("LINEBEFORE", (0, 0), (0, -1), theme.card_bar, HexColor(styles.colours.accent)),
                ("LEFTPADDING", (0, 0), (-1, -1), theme.card_padding),
                ("TOPPADDING", (0, 0), (-1, -1), theme.card_row_padding),
                ("BOTTOMPADDING", (0, 0), (-1, -1), theme.card_row_padding),
                ("TOPPADDING", (0, 0), (-1, 0), theme.card_top_padding),
                ("BOTTOMPADDING", (0, -1), (-1, -1), theme.card_bottom_padding),
            ]
        )
    )
    return table


KIND = Contacts
