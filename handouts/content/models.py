"""The typed shape of brand, blocks, conditions and settings (the parts are in handouts/parts/).

Every model forbids unknown keys, so a typo ("headng:") is an error rather than a silently
missing section. The YAML spelling of each field is its alias; error locations follow it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Field, Tag, field_validator

from handouts.content.fields import (
    MAX_ITEMS,
    WEB_PATTERN,
    Colour,
    InSchema,
    PlainText,
    Slug,
    Strict,
    Text,
    TranslatedFrom,
    fill,
    placeholders,
    web_address,
)
from handouts.content.markup import excerpt
from handouts.content.wording import Wording
from handouts.papers import PAPERS, check_paper
from handouts.parts import Part
from handouts.parts.base import IconName

# ---- brand ---------------------------------------------------------------------------------


MAX_LOCATIONS = 8
"""Clinics in one brand: every page's footer lists them all, with their phone numbers, and
the contacts part gives each a card; more would crowd out the handout (a larger group makes
a content folder per region)."""


def _phone(value: str) -> str:
    digits = len(re.sub(r"\D", "", value))
    if not 3 <= digits <= 20:
        raise ValueError(
            f"a phone number needs 3 to 20 digits (this one has {digits}), e.g. 815 802-0088"
        )
    return value


class Location(Strict):
    """One clinic site, as listed in every footer and contacts part."""

    slug: Slug
    """The clinic's id, e.g. manhattan: `--clinic manhattan` builds its own edition."""
    name: Annotated[PlainText, Field(max_length=60)]
    """As every footer and its contacts card show it."""
    phone: Annotated[PlainText, Field(max_length=30), AfterValidator(_phone)]
    """As printed, e.g. 815 802-0088 (3 to 20 digits): a tap-to-call link on screen."""
    address: Annotated[PlainText, Field(max_length=120)] | None = None
    """On its contacts card, under the phone number."""
    hours: Annotated[PlainText, Field(max_length=80)] | None = None
    """Opening hours, on its contacts card."""

    @property
    def tel_url(self) -> str:
        """A tel: link, so a patient reading on a phone can tap the number."""
        digits = re.sub(r"\D", "", self.phone)
        return f"tel:+1{digits}" if len(digits) == 10 else f"tel:{digits}"


class Colours(Strict):
    """The brand's colours, each #RRGGBB."""

    primary: Colour
    """Brand band background (white text on it) and section headings (on white)."""
    accent: Colour
    """Rules, box borders, and a light tint behind the main message and callouts."""
    text: Colour
    """Body text, on white and on the accent tint."""


class Brand(Strict):
    """brand.yaml: the clinic's name, colours and clinics, on every handout."""

    name: PlainText
    """The clinic's name, in page 1's band and on the catalog page."""
    tagline: PlainText | None = None
    """A line under the name in page 1's band; brand.<lang>.yaml gives it in each language."""
    logo: PlainText | None = None
    """An SVG or PNG file inside the content folder, e.g. images/logo.svg."""
    colours: Colours
    """Three colours, each #RRGGBB; text and headings must read on white (4.5:1 or more)."""
    font: PlainText = "Atkinson Hyperlegible"
    """A family of four TrueType files (Regular, Bold, Italic, BoldItalic), found in this
    folder's fonts/ or the project's."""
    website: Annotated[str, AfterValidator(web_address), InSchema(pattern=WEB_PATTERN)] | None = (
        None
    )
    """The clinic's home or booking page (https://…): a QR code beside the contacts."""
    locations: Annotated[list[Location], Field(min_length=1)]
    """The clinics (one to eight), in every footer with their phone numbers."""
    inherits: PlainText | None = Field(
        default=None,
        description="A clinic's folder only: the base content folder, relative to this folder "
        "(e.g. ../../content). Every block, condition, image, font and settings.yaml this "
        "folder lacks comes from there; a file of the same name here replaces the base's "
        "(docs/brands.md).",
    )
    wording: Wording = Field(
        default_factory=Wording,
        description="Words that depend on the brand and on how many clinics a copy lists "
        "(the footer's 'Call us:', the sentence above the clinic cards), in the base language.",
    )

    @field_validator("locations")
    @classmethod
    def _few_locations(cls, locations: list[Location]) -> list[Location]:
        if len(locations) > MAX_LOCATIONS:
            raise ValueError(
                f"{len(locations)} clinics; at most {MAX_LOCATIONS} fit in every page's footer: "
                "make a content folder (a brand) per region"
            )
        return locations


# ---- blocks and conditions -----------------------------------------------------------------


PageLimit = Annotated[int, Field(ge=1, le=20)]
"""Pages a handout may take: one to twenty (a handout is read, not a booklet)."""


def _text_hash(value: str) -> str:
    if not re.fullmatch(r"sha256:[0-9a-f]{16,64}", value):
        raise ValueError(
            f"'{excerpt(value)}' is not a sign-off's text hash (sha256: and 16 to 64 hex "
            "digits); `handouts review --sign` writes it: sign again rather than edit it"
        )
    return value


TextHash = Annotated[str, AfterValidator(_text_hash), InSchema(pattern=r"^sha256:[0-9a-f]{16,64}$")]
"""`reviewed_text:`, the hash of the text a clinician signed, as `handouts review --sign`
writes it."""


class Block(Strict):
    """A titled section of a handout, reusable across conditions."""

    id: Slug
    """The block's id, as conditions list it: the file's name without .yaml."""
    heading: PlainText
    """The section's heading, as printed."""
    icon: IconName | None = None
    """The icon beside the heading (shot, ice, phone, emergency, calendar, doctor, question,
    person, info); without one, a part may suggest it (contacts: the phone)."""
    revised: dt.date
    """When its words last changed (YYYY-MM-DD), printed in the footer ("Revised …")."""
    reviewed_by: PlainText | None
    """The clinician who signed this text off; empty until then (`handouts review` lists it)."""
    reviewed_on: dt.date | None
    """The day the clinician read it (YYYY-MM-DD); `handouts review --sign` writes it."""
    reviewed_text: TextHash | None = None
    """A hash of the text signed (content/signoff.py): any later change to a word voids it."""
    translated_from: TranslatedFrom | None = None
    """In a translation file only: `awaiting`, or which text of the base file it translates."""
    body: Annotated[list[Part], Field(min_length=1, max_length=MAX_ITEMS)]
    """The parts under the heading, in order: paragraph, bullets, steps, callout, faq, table,
    contacts, diary, write_in, figure."""


def _ref_or_block(value: Any) -> str:
    return "inline" if isinstance(value, dict) else "ref"


BlockEntry = Annotated[
    Annotated[Slug, Tag("ref")] | Annotated[Block, Tag("inline")],
    Discriminator(_ref_or_block),
]


class Condition(Strict):
    """One handout: its message, and the blocks it is built from, in order."""

    slug: Slug
    """The handout's id and file name (migraine: migraine.pdf, migraine-es.pdf)."""
    title: PlainText
    """The handout's title, in page 1's band and on the catalog page."""
    message: Text
    """The one sentence a patient should remember, shown boxed at the top."""
    revised: dt.date
    """When the title or message last changed (YYYY-MM-DD); the footer shows the newest date of
    the handout and its blocks."""
    reviewed_by: PlainText | None = None
    """Who signed the title and message off; each block is signed on its own."""
    reviewed_on: dt.date | None = None
    """The day the clinician read them (YYYY-MM-DD); `handouts review --sign` writes it."""
    reviewed_text: TextHash | None = None
    """A hash of the text signed (content/signoff.py): any later change to a word voids it."""
    translated_from: TranslatedFrom | None = None
    """In a translation file only: `awaiting`, or which text of the base file it translates."""
    keywords: Annotated[list[PlainText], Field(max_length=MAX_ITEMS)] = []
    """Words the catalog's search finds the handout by, and the PDF's keywords."""
    page_limit: PageLimit | None = None
    """Overrides settings.yaml's page_limit for this handout (a form may need more room)."""
    per_location: bool = False
    """Also build one edition per clinic (its own name and phone only), besides the shared one."""
    blocks: Annotated[list[BlockEntry], Field(min_length=1, max_length=MAX_ITEMS)]
    """In order: a shared block's id (a file in blocks/), or a block written here in full."""

    @property
    def block_ids(self) -> list[str]:
        """The ids of its blocks, shared or inline, in order."""
        return [entry.id if isinstance(entry, Block) else entry for entry in self.blocks]


# ---- translations and settings -------------------------------------------------------------


class BrandTranslation(Strict):
    """brand.<lang>.yaml: the few brand words a reader sees, in another language."""

    tagline: PlainText | None = None
    """brand.yaml's tagline in this language (needed when brand.yaml has one)."""
    translated_from: TranslatedFrom | None = None
    """`awaiting`, or which text of brand.yaml (tagline, wording) it translates."""
    wording: Wording = Field(
        default_factory=Wording,
        description="brand.yaml's wording in this language: each key brand.yaml sets is needed "
        "here too.",
    )


class Readability(Strict):
    """A readability gate: one textstat measure and the limit each block must meet."""

    measure: Literal["flesch_kincaid_grade", "szigriszt_pazos", "fernandez_huerta"]
    """A grade level (flesch_kincaid_grade, with max) or an ease score (the others, with min)."""
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

    page: Annotated[PlainText, placeholders("page", "pages")] = "Page {page} of {pages}"
    """Each page's number in the footer: {page} and {pages}."""
    revised: Annotated[PlainText, placeholders("date")] = "Revised {date}"
    """The footer's revision date: {date}, written as `date` says."""
    call: PlainText = "Call us:"
    """Before the clinics' phone numbers in the footer."""
    date: Annotated[PlainText, placeholders("month", "day", "year")] = "{month} {day}, {year}"
    """How a date is written: {month} (from `months`), {day} and {year}."""
    prepared_for: PlainText = "Prepared for"
    """Heads a personal copy's card with the patient's name."""
    provider: PlainText = "Provider"
    """A personal copy's label for the provider's name."""
    visit_date: PlainText = "Visit date"
    """A personal copy's label for the visit date."""
    note: PlainText = "Note from your care team"
    """Heads the care team's note in a personal copy."""
    packet: PlainText = "Your handouts"
    """A packet's title (several handouts in one PDF), before the clinic's name."""
    scan: PlainText = "Scan with your phone's camera, or type this address:"
    """Beside the QR code of the brand's website."""
    draft: PlainText = "Draft: not yet reviewed by a clinician"
    """In the footer of every page, and on the catalog card, of a handout with any text that
    no clinician has signed off (`handouts review`)."""
    months: Annotated[list[PlainText], Field(min_length=12, max_length=12)] = [
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ]  # fmt: skip
    """The twelve month names, January first, for `date`."""

    def format_date(self, value: dt.date) -> str:
        month = self.months[value.month - 1]
        return fill(self.date, month=month, day=value.day, year=value.year)

    def revised_label(self, value: dt.date) -> str:
        return fill(self.revised, date=self.format_date(value))


def _language_tag(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}", value):
        raise ValueError(
            f"'{excerpt(value)}' is not a language tag: write the language and region, e.g. "
            "en-US or es-US"
        )
    return value


class EmailText(Strict):
    """The email that carries a patient's PDF (`handouts serve`), per language. It names no
    condition, patient, note or password: the same words for every patient and handout."""

    subject: Annotated[PlainText, Field(max_length=150), placeholders("clinic")] = (
        "Your handout from {clinic}"
    )
    """{clinic}: the brand's name."""
    body: Annotated[str, Field(min_length=1, max_length=2000), placeholders("clinic", "phones")] = (
        "Hello,\n\nYour care team at {clinic} is sending you the information we talked about. "
        "It is attached to this email as a PDF file.\n\nThe file is locked with a password to "
        "keep it private. We give you the password in person or by phone, never by email.\n\n"
        "If you have questions, call us:\n{phones}\n"
    )
    """{clinic}: the brand's name; {phones}: each clinic and its phone number, a line each."""
    attachment: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,40}\.pdf$")] = "handout.pdf"
    """The attached file's name: the same for every patient and handout."""


class Language(Strict):
    """One language under settings.yaml's `languages:`, by its code (en, es…)."""

    name: PlainText
    """The language's name in itself (English, Español), on the catalog page."""
    pdf_lang: Annotated[
        str,
        Field(max_length=35),
        AfterValidator(_language_tag),
        InSchema(pattern=r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}$"),
    ]
    """The document language written into the PDF, e.g. en-US."""
    readability: Readability | None = None
    """The reading level every block in this language must meet (`handouts check`)."""
    terms: Annotated[list[PlainText], Field(max_length=200)] = []
    """Medical terms that must be explained where a handout first uses them."""
    definition_words: Annotated[list[PlainText], Field(max_length=40)] = []
    """Words that make a sentence a definition of the term before them ("X is …")."""
    furniture: FurnitureText = FurnitureText()
    """The words the engine prints around the content in this language."""
    email: EmailText = EmailText()
    """The email `handouts serve` sends or drafts with a patient's PDF."""


def _paper(value: str) -> str:
    try:
        return check_paper(value)
    except ValueError:
        names = " or ".join(f"'{name}'" for name in PAPERS)
        raise ValueError(f"'papers' must be {names}, not '{excerpt(value)}'") from None


Paper = Annotated[str, AfterValidator(_paper), InSchema(enum=PAPERS)]
MAX_LANGUAGES = 20


class Settings(Strict):
    """settings.yaml: languages and the quality gates `handouts check` enforces."""

    languages: Annotated[dict[Slug, Language], Field(min_length=1)] = {
        "en": Language(name="English", pdf_lang="en-US")
    }
    """The first language is the base: its files have no language suffix."""
    page_limit: PageLimit | None = None
    """Most Letter pages a handout may take at the normal type size."""
    papers: Annotated[list[Paper], Field(min_length=1)] = ["letter"]
    """The paper sizes a full build makes (handouts/papers.py lists them)."""

    @field_validator("languages")
    @classmethod
    def _few_languages(cls, languages: dict[str, Language]) -> dict[str, Language]:
        if len(languages) > MAX_LANGUAGES:
            raise ValueError(
                f"{len(languages)} languages; at most {MAX_LANGUAGES}: every handout is built and "
                "checked in each of them"
            )
        return languages

    @field_validator("papers")
    @classmethod
    def _papers_once(cls, papers: list[str]) -> list[str]:
        twice = [paper for index, paper in enumerate(papers) if paper in papers[:index]]
        if twice:
            raise ValueError(f"'{twice[0]}' is listed twice in 'papers'; list each size once")
        return papers

    @property
    def base_language(self) -> str:
        return next(iter(self.languages))
