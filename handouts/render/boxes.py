"""Tinted boxes: the key message, callouts and the "Prepared for" box share one look."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Table as RLTable

from handouts.render.flowables import WholeTable
from handouts.render.styles import Styles


def boxed(
    rows: list[list[Flowable]],
    styles: Styles,
    *,
    border: float,
    border_colour: str,
    left_bar: bool = False,
) -> RLTable:
    """A tinted box, kept on one page unless taller than half a page."""
    theme = styles.theme
    table = WholeTable(rows, theme.page_size[1] / 2, colWidths=["100%"], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.regular),
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(styles.box_fill)),
        ("LEFTPADDING", (0, 0), (-1, -1), theme.box_padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), theme.box_padding),
        ("TOPPADDING", (0, 0), (-1, -1), theme.box_row_padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), theme.box_row_padding),
        ("TOPPADDING", (0, 0), (-1, 0), theme.box_edge_padding),
        ("BOTTOMPADDING", (0, -1), (-1, -1), theme.box_edge_padding),
    ]
    if left_bar:
        commands.append(("LINEBEFORE", (0, 0), (0, -1), border, HexColor(border_colour)))
    else:
        commands.append(("BOX", (0, 0), (-1, -1), border, HexColor(border_colour)))
    table.setStyle(TableStyle(commands))
    return table
