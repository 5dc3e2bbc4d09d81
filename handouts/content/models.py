"""The typed shape of brand, blocks, conditions and settings (the parts are in handouts/parts/).

Every model forbids unknown keys, so a typo ("headng:") is an error rather than a silently
missing section. The YAML spelling of each field is its alias; error locations follow it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Field, Tag

from handouts.content.fields import (
    MAX_ITEMS,
    Colour,
    PlainText,
    Slug,
    Strict,
    Text,
    web_address,
)
from handouts.papers import check_paper
from handouts.parts import Part

# ---- brand ---------------------------------------------------------------------------------


class Location(Strict):
    """One clinic site, as listed in every footer and contacts part."""

    slug: Slug
    name: PlainText
    phone: PlainText
    address: PlainText | None = None
    hours: PlainText | None = None

    @property
    def tel_url(self) -> str:
        """A tel: link, so a patient reading on a phone can tap the number."""
        digits = re.sub(r"\D", "", self.phone)
        return f"tel:+1{digits}" if len(digits) == 10 else f"tel:{digits}"


class Colours(Strict):
    primary: Colour
    """Brand band background (white text on it) and section headings (on white)."""
    accent: Colour
    """Rules, box borders, and a light tint behind the main message and callouts."""
    text: Colour
    """Body text, on white and on the accent tint."""


class Brand(Strict):
    name: PlainText
    tagline: PlainText | None = None
    logo: PlainText | None = None
    """An SVG or PNG file inside the content folder, e.g. images/logo.svg."""
    colours: Colours
    font: PlainText = "Atkinson Hyperlegible"
    website: Annotated[str, AfterValidator(web_address)] | None = None
    locations: Annotated[list[Location], Field(min_length=1, max_length=MAX_ITEMS)]


# ---- blocks and conditions -----------------------------------------------------------------


class Block(Strict):
    """A titled section of a handout, reusable across conditions."""

    id: Slug
    heading: PlainText
    revised: dt.date
    reviewed_by: PlainText | None
    """The clinician who signed this text off; empty until then (check lists those)."""
    reviewed_on: dt.date | None
    body: Annotated[list[Part], Field(min_length=1, max_length=MAX_ITEMS)]


def _ref_or_block(value: Any) -> str:
    return "inline" if isinstance(value, dict) else "ref"


BlockEntry = Annotated[
    Annotated[Slug, Tag("ref")] | Annotated[Block, Tag("inline")],
    Discriminator(_ref_or_block),
]


class Condition(Strict):
    """One handout: its message, and the blocks it is built from, in order."""

    slug: Slug
    title: PlainText
    message: Text
    """The one sentence a patient should remember, shown boxed at the top."""
    revised: dt.date
    keywords: list[PlainText] = []
    page_limit: Annotated[int, Field(ge=1)] | None = None
    """Overrides settings.yaml's page_limit for this handout (a form may need more room)."""
    per_location: bool = False
    """Also build one edition per clinic (its own name and phone only), besides the shared one."""
    blocks: Annotated[list[BlockEntry], Field(min_length=1, max_length=MAX_ITEMS)]

    @property
    def block_ids(self) -> list[str]:
        """The ids of its blocks, shared or inline, in order."""
        return [entry.id if isinstance(entry, Block) else entry for entry in self.blocks]


# ---- translations and settings -------------------------------------------------------------


class BrandTranslation(Strict):
    """brand.<lang>.yaml: the few brand words a reader sees, in another language."""

    tagline: PlainText | None = None


class Readability(Strict):
    """A readability gate: one textstat measure and the limit each block must meet."""

    measure: Literal["flesch_kincaid_grade", "szigriszt_pazos", "fernandez_huerta"]
    max: float | None = None
    """For grade-level measures: a block may score at most this."""
    min: float | None = None
    """For ease scores (higher is easier): a block must score at least this."""

    @property
    def higher_is_easier(self) -> bool:
        return self.measure != "flesch_kincaid_grade"

    def passes(self, score: float) -> bool:
        if self.max is not None and score > self.max:
            return False
        return not (self.min is not None and score < self.min)


class FurnitureText(Strict):
    """Words the engine prints around the content, per language."""

    page: PlainText = "Page {page} of {pages}"
    revised: PlainText = "Revised {date}"
    call: PlainText = "Call us:"
    date: PlainText = "{month} {day}, {year}"
    prepared_for: PlainText = "Prepared for"
    provider: PlainText = "Provider"
    visit_date: PlainText = "Visit date"
    note: PlainText = "Note from your care team"
    packet: PlainText = "Your handouts"
    scan: PlainText = "Scan with your phone's camera, or type this address:"
    months: Annotated[list[PlainText], Field(min_length=12, max_length=12)] = [
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ]  # fmt: skip

    def format_date(self, value: dt.date) -> str:
        month = self.months[value.month - 1]
        return self.date.format(month=month, day=value.day, year=value.year)


class Language(Strict):
    name: PlainText
    pdf_lang: PlainText
    """The document language written into the PDF, e.g. en-US."""
    readability: Readability | None = None
    terms: list[PlainText] = []
    """Medical terms that must be explained where a handout first uses them."""
    definition_words: list[PlainText] = []
    """Words that make a sentence a definition of the term before them ("X is …")."""
    furniture: FurnitureText = FurnitureText()


Paper = Annotated[str, AfterValidator(check_paper)]


class Settings(Strict):
    """settings.yaml: languages and the quality gates `handouts check` enforces."""

    languages: dict[Slug, Language] = {"en": Language(name="English", pdf_lang="en-US")}
    """The first language is the base: its files have no language suffix."""
    page_limit: int | None = None
    """Most Letter pages a handout may take at the normal type size."""
    papers: Annotated[list[Paper], Field(min_length=1)] = ["letter"]
    """The paper sizes a full build makes (handouts/papers.py lists them)."""

    @property
    def base_language(self) -> str:
        return next(iter(self.languages))
