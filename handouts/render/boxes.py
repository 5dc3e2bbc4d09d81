"""Boxes, each look saying what the box is for: the key message (a tint and a bar), an
information note (a calm tint, a thin bar, the info icon), a warning (a red band with its title
in white, a thick red bar and outline, the emergency icon) and the patient's own "Prepared for"
card (white, outlined, the person icon). Never by colour alone: each has its shape and icon too,
and its words say what it is."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Table as RLTable

from handouts.render.contrast import tint
from handouts.render.flowables import WholeTable
from handouts.render.styles import Styles


def _box(rows: list[list[Flowable]], styles: Styles, left: float) -> WholeTable:
    """A one-column box, kept on one page unless taller than half a page."""
    theme = styles.theme
    table = WholeTable(rows, theme.page_size[1] / 2, colWidths=["100%"], hAlign="LEFT")
    table._box_commands = [  # type: ignore[attr-defined]
        ("FONTNAME", (0, 0), (-1, -1), styles.regular),
        ("LEFTPADDING", (0, 0), (-1, -1), left),
        ("RIGHTPADDING", (0, 0), (-1, -1), theme.box_padding),
        ("TOPPADDING", (0, 0), (-1, -1), theme.box_row_padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), theme.box_row_padding),
        ("TOPPADDING", (0, 0), (-1, 0), theme.box_edge_padding),
        ("BOTTOMPADDING", (0, -1), (-1, -1), theme.box_edge_padding),
    ]
    return table


def _styled(table: WholeTable, commands: list[tuple[Any, ...]]) -> RLTable:
    table.setStyle(TableStyle([*table._box_commands, *commands]))  # type: ignore[attr-defined]
    return table


def boxed(
    rows: list[list[Flowable]],
    styles: Styles,
    *,
    border: float,
    border_colour: str,
    left_bar: bool = False,
) -> RLTable:
    """A tinted box with a bar on its left (`left_bar`) or a frame: the key message."""
    table = _box(rows, styles, styles.theme.box_padding)
    edge = "LINEBEFORE" if left_bar else "BOX"
    return _styled(
        table,
        [
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(styles.box_fill)),
            (edge, (0, 0), (0 if left_bar else -1, -1), border, HexColor(border_colour)),
        ],
    )


def icon_indent(styles: Styles) -> float:
    """A box's left padding when its title's icon hangs left of the text."""
    theme = styles.theme
    return theme.box_padding + theme.icon_size + theme.icon_gap


def info_box(rows: list[list[Flowable]], styles: Styles) -> RLTable:
    """Information: the calm accent tint and a thin accent bar; the title carries the icon."""
    accent = HexColor(styles.colours.accent)
    return _styled(
        _box(rows, styles, icon_indent(styles)),
        [
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(styles.box_fill)),
            ("LINEBEFORE", (0, 0), (0, -1), styles.theme.info_bar, accent),
        ],
    )


def warning_box(rows: list[list[Flowable]], styles: Styles) -> RLTable:
    """A warning: the title on a solid band of the emergency colour (white words, white icon),
    the rest on a faint tint of it, a thick bar on the left and an outline round the whole."""
    theme = styles.theme
    red = HexColor(theme.emergency)
    table = _box(rows, styles, icon_indent(styles))
    return _styled(
        table,
        [
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(tint(theme.emergency, theme.emergency_tint))),
            ("BACKGROUND", (0, 0), (-1, 0), red),
            ("BOTTOMPADDING", (0, 0), (-1, 0), theme.box_edge_padding),
            ("TOPPADDING", (0, 1), (-1, 1), theme.box_edge_padding),
            ("LEFTPADDING", (0, 1), (-1, -1), theme.box_padding),  # only the title hangs
            ("BOX", (0, 0), (-1, -1), theme.warning_frame, red),
            ("LINEBEFORE", (0, 0), (0, -1), theme.warning_bar, red),
        ],
    )


def card(rows: list[list[Flowable]], styles: Styles) -> RLTable:
    """The patient's own card ("Prepared for"): white, a thin rounded outline, the person icon."""
    theme = styles.theme
    return _styled(
        _box(rows, styles, icon_indent(styles)),
        [
            ("BOX", (0, 0), (-1, -1), theme.card_border, HexColor(styles.colours.accent)),
            ("ROUNDEDCORNERS", [theme.card_radius] * 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, 0), theme.box_edge_padding - 2),
            ("BOTTOMPADDING", (0, -1), (-1, -1), theme.box_edge_padding - 2),
        ],
    )
