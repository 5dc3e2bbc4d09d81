"""Stage 2's vocabulary: the typed shape of brand, blocks and conditions.

Every model forbids unknown keys, so a typo ("headng:") is an error rather than a silently
missing section. The YAML spelling of each field is its alias; error locations follow it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
)

from handouts import markup

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens, "
            "e.g. 'neck-pain'"
        )
    return value


def _text(value: str) -> str:
    found = markup.problems(value)
    if found:
        raise ValueError("; ".join(found))
    return value


def _plain(value: str) -> str:
    found = markup.tag_problems(value)
    if found:
        raise ValueError(found[0])
    return value


def _colour(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"'{value}' is not a colour: write it as #RRGGBB, e.g. '#1F4E79'")
    return value.upper()


def _web_address(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError(f"'{value}' must start with https:// or http://")
    return value


# Limits: far above any real handout (the longest shipped text is about 330 characters, the
# longest list 12 items), low enough that hostile content cannot make a build take minutes.
MAX_TEXT = 8000
MAX_PLAIN = 300
MAX_ITEMS = 40

Slug = Annotated[str, Field(max_length=64), AfterValidator(_slug)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_text)]
"""Reader-facing text with the small inline markup (see markup.py)."""
PlainText = Annotated[str, Field(min_length=1, max_length=MAX_PLAIN), AfterValidator(_plain)]
"""Reader-facing text printed exactly as written (headings, names)."""
Colour = Annotated[str, AfterValidator(_colour)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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
    website: Annotated[str, AfterValidator(_web_address)] | None = None
    locations: Annotated[list[Location], Field(min_length=1, max_length=MAX_ITEMS)]


# ---- parts of a block ----------------------------------------------------------------------


class Paragraph(Strict):
    kind: ClassVar[str] = "paragraph"
    text: Text = Field(alias="paragraph")


class Bullets(Strict):
    kind: ClassVar[str] = "bullets"
    items: Annotated[list[Text], Field(min_length=1, max_length=MAX_ITEMS)] = Field(alias="bullets")


class Steps(Strict):
    kind: ClassVar[str] = "steps"
    items: Annotated[list[Text], Field(min_length=1, max_length=MAX_ITEMS)] = Field(alias="steps")


class CalloutBody(Strict):
    title: PlainText
    text: Text | None = None
    items: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = []
    tone: Literal["info", "warning"] = "info"
    """'warning' draws a heavier border, for "when to get emergency care"."""


class Callout(Strict):
    kind: ClassVar[str] = "callout"
    body: CalloutBody = Field(alias="callout")


class Question(Strict):
    question: Text
    answer: Text


class Faq(Strict):
    kind: ClassVar[str] = "faq"
    entries: Annotated[list[Question], Field(min_length=1, max_length=MAX_ITEMS)] = Field(
        alias="faq"
    )


class TableBody(Strict):
    header: tuple[PlainText, PlainText]
    rows: Annotated[list[tuple[Text, Text]], Field(min_length=1, max_length=MAX_ITEMS)]


class Table(Strict):
    kind: ClassVar[str] = "table"
    body: TableBody = Field(alias="table")


class Contacts(Strict):
    kind: ClassVar[str] = "contacts"
    intro: Text | None = Field(default=None, alias="contacts")
    """Optional sentence above the clinic cards; the cards come from brand.yaml."""


class DiaryColumn(Strict):
    label: PlainText
    tooltip: PlainText
    """What a screen reader says for each field in the column, e.g. 'pain from 0 to 10'."""
    width: Annotated[float, Field(gt=0, le=10)] = 1.0
    """Relative width; the day column is 1."""


class DiaryBody(Strict):
    weeks: Annotated[int, Field(ge=1, le=8)]
    week: PlainText = "Week {n}"
    day: PlainText = "Day {n}"
    columns: Annotated[list[DiaryColumn], Field(min_length=1, max_length=5)]


class Diary(Strict):
    """Fillable day-by-day rows, a table per week; prints as a clean paper form too."""

    kind: ClassVar[str] = "diary"
    body: DiaryBody = Field(alias="diary")


class WriteInBody(Strict):
    label: PlainText
    tooltip: PlainText
    lines: Annotated[int, Field(ge=1, le=20)] = 5


class WriteIn(Strict):
    """A ruled box to write in, by hand or on screen (one multi-line form field)."""

    kind: ClassVar[str] = "write_in"
    body: WriteInBody = Field(alias="write_in")


class FigureBody(Strict):
    image: PlainText
    """An .svg or .png inside the content folder, e.g. images/treatment-areas.svg."""
    alt: PlainText
    """What the picture shows, for readers who cannot see it (required)."""
    caption: Text
    width: Annotated[int, Field(ge=20, le=100)] = 70
    """Percent of the text width."""


class Figure(Strict):
    kind: ClassVar[str] = "figure"
    body: FigureBody = Field(alias="figure")


PART_TYPES: tuple[type[Strict], ...] = (
    Paragraph, Bullets, Steps, Callout, Faq, Table, Contacts, Diary, WriteIn, Figure,
)  # fmt: skip
PART_KINDS = tuple(t.kind for t in PART_TYPES)  # type: ignore[attr-defined]


def _check_part_shape(value: Any) -> Any:
    """A part is written as one key naming its kind; say so plainly when it is not."""
    kinds = ", ".join(PART_KINDS)
    if not isinstance(value, dict):
        raise ValueError(
            f"a part must be written as 'kind: content', where kind is one of: {kinds}"
        )
    if len(value) != 1:
        found = ", ".join(f"'{k}'" for k in value)
        raise ValueError(
            f"a part has exactly one kind, but this one has {found}; "
            "start each part with its own '- '"
        )
    return value


def _part_kind(value: Any) -> str | None:
    return next(iter(value)) if isinstance(value, dict) and len(value) == 1 else None


Part = Annotated[
    Annotated[Paragraph, Tag("paragraph")]
    | Annotated[Bullets, Tag("bullets")]
    | Annotated[Steps, Tag("steps")]
    | Annotated[Callout, Tag("callout")]
    | Annotated[Faq, Tag("faq")]
    | Annotated[Table, Tag("table")]
    | Annotated[Contacts, Tag("contacts")]
    | Annotated[Diary, Tag("diary")]
    | Annotated[WriteIn, Tag("write_in")]
    | Annotated[Figure, Tag("figure")],
    Discriminator(_part_kind),
    BeforeValidator(_check_part_shape),
]


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


class Settings(Strict):
    """settings.yaml: languages and the quality gates `handouts check` enforces."""

    languages: dict[Slug, Language] = {"en": Language(name="English", pdf_lang="en-US")}
    """The first language is the base: its files have no language suffix."""
    page_limit: int | None = None
    """Most Letter pages a handout may take at the normal type size."""
    papers: Annotated[list[Literal["letter", "a4"]], Field(min_length=1)] = ["letter"]
    """The paper sizes a full build makes."""

    @property
    def base_language(self) -> str:
        return next(iter(self.languages))
