"""A handout's content as ReportLab's story: page 1's band, title, key message and personal box,
then each block's heading and parts, in reading order, with their structure elements.

The parts render themselves (handouts/parts/); this module only puts a handout together.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Indenter, Spacer

from handouts.content.library import Handout
from handouts.content.markup import escape
from handouts.errors import ContentError, ContentErrors
from handouts.render.boxes import boxed
from handouts.render.context import Context
from handouts.render.flowables import Heading, Overlay, Para, PictureFlowable, RailPicture
from handouts.render.icons import Icon, icon_for_block
from handouts.render.images import Picture, UnreadablePicture, load_picture
from handouts.render.safety import keep_safety_together
from handouts.render.styles import Styles
from handouts.render.tagging import StructElement


class BrandBand(Flowable):
    """The coloured band that opens page 1: clinic name, tagline, and the logo if there is one.

    A personal copy shows, in the tagline's place, a white card with the person icon: who the
    copy is for, the provider and the visit date (`personal`, markup). It costs the band a few
    points, so a personal copy keeps the generic one's pages."""

    def __init__(
        self,
        name: str,
        tagline: str | None,
        logo: Path | None,
        styles: Styles,
        parent: StructElement,
        personal: tuple[str, str] | None = None,
    ):
        super().__init__()
        self.styles = styles
        self.theme = theme = styles.theme
        self.padding = theme.band_padding
        self.name = Para(escape(name), styles.band_name, tag=parent.add("P", text=name))
        self.tagline = (
            Para(escape(tagline), styles.band_tagline, tag=parent.add("P", text=tagline))
            if tagline and personal is None
            else None
        )
        self.personal = None
        if personal is not None:
            markup_text, plain_text = personal
            line = Para(markup_text, styles.card_detail, tag=parent.add("P", text=plain_text))
            line.icon = Icon("person", theme.icon_size, styles.colours.accent, styles.regular,
                             dx=-(theme.icon_size + theme.icon_gap))  # fmt: skip
            self.personal = line
        self.logo = load_picture(logo, styles.font) if logo else None
        # The clinic's name is the logo's text alternative: it names what the logo shows.
        self.logo_tag = parent.add("Figure", alt=name) if logo else None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        logo_room = self._logo_box()[0] + self.padding if self.logo else 0
        text_width = available_width - 2 * self.padding - logo_room
        height = self.name.wrap(text_width, available_height)[1]
        if self.tagline:
            gap = self.theme.band_tagline_gap
            height += gap + self.tagline.wrap(text_width, available_height)[1]
        if self.personal:
            inner = text_width - 2 * self.theme.band_card_padding - self._icon_room
            height += self.theme.band_tagline_gap + 2 * self.theme.band_card_padding
            height += self.personal.wrap(inner, available_height)[1]
        self.height = max(height + 2 * self.padding, self.theme.band_height)
        return self.width, self.height

    @property
    def _icon_room(self) -> float:
        return self.theme.icon_size + self.theme.icon_gap

    def _logo_box(self) -> tuple[float, float]:
        height = self.theme.band_height - 2 * self.padding + self.theme.logo_overhang
        if self.logo is None:
            return 0, 0
        ratio = self.logo.width / self.logo.height
        return min(height * ratio, self.theme.logo_max_width), height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(HexColor(self.styles.colours.primary))
        canvas.roundRect(0, 0, self.width, self.height, self.theme.band_radius, stroke=0, fill=1)
        y = self.height - self.padding
        y -= self.name.height
        self.name.drawOn(canvas, self.padding, y)
        if self.tagline:
            y -= self.theme.band_tagline_gap + self.tagline.height
            self.tagline.drawOn(canvas, self.padding, y)
        if self.personal:
            pad = self.theme.band_card_padding
            card_height = self.personal.height + 2 * pad
            y -= self.theme.band_tagline_gap + card_height
            width = self.personal.width + 2 * pad + self._icon_room
            canvas.setFillColor(HexColor("#FFFFFF"))
            canvas.roundRect(self.padding, y, width, card_height, self.theme.card_radius, stroke=0,
                             fill=1)  # fmt: skip
            self.personal.drawOn(canvas, self.padding + pad + self._icon_room, y + pad)
        if self.logo:
            self._draw_logo(self.logo, self.width - self.padding)

    def _draw_logo(self, logo: Picture, right: float) -> None:
        """Draw the logo on a white rounded tile, so any logo reads on any brand colour."""
        canvas, theme = self.canv, self.theme
        box_width, box_height = self._logo_box()
        scale = min(box_width / logo.width, box_height / logo.height)
        w, h = logo.width * scale, logo.height * scale
        x = right - w
        y = (self.height - h) / 2
        pad_x, pad_y = theme.logo_tile_padding
        canvas.setFillColor(HexColor("#FFFFFF"))
        canvas.roundRect(
            x - pad_x, y - pad_y, w + 2 * pad_x, h + 2 * pad_y, theme.logo_tile_radius,
            stroke=0, fill=1,
        )  # fmt: skip
        tagger = getattr(canvas, "tagger", None)
        tag = self.logo_tag
        with tagger.tagged(canvas, tag) if tagger and tag else contextlib.nullcontext():
            if not logo.is_vector:
                canvas.drawImage(logo.drawable, x, y, w, h, mask="auto")
            else:
                from reportlab.graphics import renderPDF

                canvas.saveState()
                canvas.translate(x, y)
                canvas.scale(scale, scale)
                logo.drawable.initialFontName = self.styles.regular  # else Helvetica
                # showBoundary: never rl_config's (RL_showBoundary frames the drawing)
                renderPDF.draw(logo.drawable, canvas, 0, 0, showBoundary=False)
                canvas.restoreState()


def _person_icon(ctx: Context) -> Icon:
    theme = ctx.theme
    return Icon("person", theme.icon_size, ctx.styles.colours.accent, ctx.styles.regular,
                dx=-(theme.icon_size + theme.icon_gap))  # fmt: skip


def _prepared_for(handout: Handout) -> tuple[str, str] | None:
    """What page 1's band says of a personal copy, as (markup, plain text): who it is for, the
    provider, the visit date, and the care team's note beneath. Everything in it is escaped,
    never read as markup. All of it stays on page 1 (the personal details are on page 1 only),
    in the band's full width, where a short note costs the fewest lines."""
    personal = handout.personal
    if personal is None:
        return None
    words = handout.language.furniture
    pairs = [(words.prepared_for, personal.patient)]
    if personal.provider:
        pairs.append((words.provider, personal.provider))
    if personal.visit_date:
        pairs.append((words.visit_date, words.format_date(personal.visit_date)))
    shown = [f"{_unbroken(escape(label))}: {escape(value)}" for label, value in pairs]
    if personal.visit_date:  # "Visit date: December 1, 2026" on one line, never split
        shown[-1] = _unbroken(f"{escape(pairs[-1][0])}: {escape(pairs[-1][1])}")
    shown[0] = f"<b>{shown[0]}</b>"
    markup = " &nbsp;·&nbsp; ".join(shown)
    plain = " · ".join(f"{k}: {v}" for k, v in pairs)
    if personal.note_lines:
        note = " ".join(personal.note_lines)
        markup += f"<br/><b>{escape(words.note)}:</b> " + "<br/>".join(
            escape(line) for line in personal.note_lines
        )
        plain += f". {words.note}: {note}"
    return markup, plain


def _unbroken(text: str) -> str:
    """Markup whose words stay on one line ("Visit date", a date)."""
    return text.replace(" ", "&nbsp;")


def lay_out(handout: Handout, styles: Styles, document: StructElement) -> list[Flowable]:
    """The handout as a list of flowables in reading order, and its structure elements as
    children of `document`."""
    words = handout.language.furniture
    ctx = Context(
        styles, handout.locations, handout.brand.website, words.scan, handout.root, document,
        base_folder=handout.base_folder, contacts=handout.contacts_intro(None),
    )  # fmt: skip
    condition = handout.condition
    theme = styles.theme
    band = BrandBand(
        handout.brand.name, handout.tagline, handout.logo, styles, document, _prepared_for(handout)
    )
    story: list[Any] = [
        band,
        Heading(condition.title, styles.title, level=0, key="title", parent=document),
        boxed(
            [[ctx.para(condition.message, styles.message)]],
            styles,
            border=theme.message_bar,
            border_colour=styles.colours.accent,
            left_bar=True,
        ),
        Spacer(0, theme.gap),
        # Page 1's header spans the text width; the body runs in the column, right of the rail.
        Indenter(left=theme.rail_width),
    ]
    for index, block in enumerate(handout.blocks):
        ctx.section = document.add("Sect")
        heading = Heading(
            block.heading, styles.heading, level=1, key=f"section-{index}", parent=ctx.section
        )
        name = icon_for_block(block)
        if name:
            heading.icon = Icon(name, theme.icon_size, styles.colours.accent, styles.regular,
                                dx=-(theme.icon_size + theme.icon_gap))  # fmt: skip
        parts: list[list[Flowable]] = []
        for part in block.body:
            try:
                parts.append(part.render(ctx))
            except UnreadablePicture as exc:  # passed the checks, changed since
                at = handout.origin(block.id)
                message = f"a picture of block '{block.id}' is {exc.reason}; build again"
                raise ContentErrors([ContentError(at.path, at.line, at.column, message)]) from None
        _drop_closing_space(parts)
        _room_for_rail_picture(parts, theme)
        section = keep_safety_together(heading, block, parts, theme)
        for flowable in section:
            flowable.block_id = block.id  # type: ignore[attr-defined]  # named in layout errors
        story.extend(section)
    _grow_last_write_in(story, theme)
    return story


def _drop_closing_space(parts: list[list[Flowable]]) -> None:
    """A section's closing space (the Spacer that ends a list, box, table or figure) goes: the
    next heading's space above is the gap between sections, and after the last there is none.

    A Spacer is content to ReportLab's frame, so it does not merge with the heading's space
    before as a paragraph's space after does: a heading after a list or a box stood 8 pt
    lower than one after a paragraph (22 pt, not 14), those points, twice on a page, pushed
    a closing block that fit onto a page of its own, and the last section's Spacer could
    start an empty last page."""
    if parts and parts[-1] and isinstance(parts[-1][-1], Spacer):
        parts[-1].pop()


def _grow_last_write_in(story: list[Any], theme: Any) -> None:
    """The last write-in box may grow into its page's spare room (see Overlay)."""
    for index in range(len(story) - 1, -1, -1):
        if isinstance(story[index], Overlay):
            story[index].tail = story[index + 1 :]
            story[index].max_extra = theme.write_in_max_extra
            return


def _room_for_rail_picture(parts: list[list[Flowable]], theme: Any) -> None:
    """A picture in the rail hangs beside the rest of its section and never below it (the
    next heading's icon is there): where that text is shorter than the picture, the picture
    is drawn smaller, never the page given more space."""
    flowables = [flowable for part in parts for flowable in part]
    for index, flowable in enumerate(flowables):
        if isinstance(flowable, RailPicture) and isinstance(flowable.picture, PictureFlowable):
            picture = flowable.picture
            _, needed = picture.wrap(picture.draw_width, 1e6)
            beside = sum(f.wrap(theme.column_width, 1e6)[1] for f in flowables[index + 1 :])
            if needed > beside - theme.gap > 0:
                picture.draw_width *= (beside - theme.gap) / needed
