"""What a part's renderer gets besides the part: the styles, the clinics this copy lists, and
the structure element (the block's section) its elements go in; with the few helpers every
renderer uses to make tagged paragraphs and lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handouts.content import markup
from handouts.content.models import Location
from handouts.render.flowables import Para, WholeParagraph
from handouts.render.styles import Styles
from handouts.render.tagging import StructElement
from handouts.render.theme import Theme


class Context:
    """What a renderer needs besides its part: styles, the clinics this copy lists, and the
    structure element (the block's section) its parts' elements go in."""

    def __init__(
        self,
        styles: Styles,
        locations: tuple[Location, ...],
        website: str | None,
        scan: str,
        root: Path,
        section: StructElement,
        *,
        base_folder: Path | None = None,
        contacts: str | None = None,
    ):
        self.root = root
        self.base_folder = base_folder
        """A clinic folder's base (content/inherit.py): figures the clinic lacks are there."""
        self.contacts = contacts
        """The brand's sentence above the clinic cards, replacing a contacts part's own."""
        self.styles = styles
        self.locations = locations
        self.website = website
        self.scan = scan
        self.section = section
        self.max_whole = styles.theme.page_size[1] / 2

    def para(
        self, text: str, style: Any, parent: StructElement | None = None, role: str = "P",
        **kwargs: Any,
    ) -> Para:  # fmt: skip
        """A paragraph from content text, tagged as a new `role` element in `parent` (the
        section unless given): markup translated, everything else escaped."""
        element = (parent or self.section).add(role, text=markup.plain(text))
        markup_text = markup.to_reportlab(text, self.styles.colours.primary)
        return Para(markup_text, style, tag=element, **kwargs)

    def whole(self, text: str, style: Any, tag: StructElement, **kwargs: Any) -> WholeParagraph:
        """A paragraph (list item, answer) that is never split over two pages."""
        markup_text = markup.to_reportlab(text, self.styles.colours.primary)
        return WholeParagraph(markup_text, style, self.max_whole, tag=tag, **kwargs)

    def list_items(
        self,
        items: list[str],
        style: Any,
        labels: list[str],
        numbering: str,
        *,
        whole: bool,
        made: list[Para] | None = None,
    ) -> list[Para]:
        """List items as L > LI > (Lbl, LBody): the bullet or number is the label. `made`:
        paragraphs already built for these items (and measured), to tag rather than rebuild."""
        element = self.section.add("L", attributes={"O": "List", "ListNumbering": numbering})
        paragraphs: list[Para] = []
        for index, (text, label) in enumerate(zip(items, labels, strict=True)):
            item = element.add("LI")
            lbl = item.add("Lbl")
            body = item.add("LBody", text=markup.plain(text))
            if made is not None:
                para: Para = made[index]
                para.tag = body
            elif whole:
                para = self.whole(text, style, body, bulletText=label)
            else:
                markup_text = markup.to_reportlab(text, self.styles.colours.primary)
                para = Para(markup_text, style, tag=body, bulletText=label)
            para.label = lbl
            paragraphs.append(para)
        if len(paragraphs) > 1:  # never a lone first item (under its heading) at a page's foot
            paragraphs[0].keepWithNext = True
        return paragraphs

    @property
    def theme(self) -> Theme:
        return self.styles.theme
