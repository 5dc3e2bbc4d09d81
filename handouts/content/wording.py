"""`wording:` in brand.yaml and brand.<lang>.yaml: the words around the clinics' phone numbers,
which depend on the brand and on how many clinics a copy lists (docs/brands.md).

Each key is one text for any number of clinics, or `one:` and `other:` forms. The form follows
the clinics a copy lists, not the brand: a two-clinic brand's own edition for one clinic lists
one. Without a key, the engine uses settings.yaml's furniture (`call`) or the contacts part's
own sentence (`contacts`), both worded to read right for any number.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from handouts.content.fields import PlainText, Strict, Text


class CountedLabel(Strict):
    """A label in two forms, chosen by how many clinics a copy lists."""

    one: PlainText = Field(description="For a copy that lists one clinic.")
    other: PlainText = Field(description="For a copy that lists two clinics or more.")


class CountedText(Strict):
    """A sentence (with the small markup) in two forms, chosen by how many clinics a copy
    lists."""

    one: Text = Field(description="For a copy that lists one clinic.")
    other: Text = Field(description="For a copy that lists two clinics or more.")


def _counted_or_not(value: Any) -> str:
    return "counted" if isinstance(value, (dict, CountedLabel, CountedText)) else "same"


Label = Annotated[
    Annotated[PlainText, Tag("same")] | Annotated[CountedLabel, Tag("counted")],
    Discriminator(_counted_or_not),
]
Sentence = Annotated[
    Annotated[Text, Tag("same")] | Annotated[CountedText, Tag("counted")],
    Discriminator(_counted_or_not),
]


class Wording(Strict):
    """`wording:` in brand.yaml (and in brand.<lang>.yaml, in that language): the words around
    the clinics' phone numbers, which depend on the brand and on how many clinics a copy lists
    (a clinic's own edition lists one). Each is one text for any number, or `one:` and
    `other:` forms. docs/brands.md."""

    call: Label | None = Field(
        default=None,
        description="The footer's words before the clinics' phone numbers, on every page "
        "(default: settings.yaml's furniture 'call', e.g. 'Call us:').",
    )
    contacts: Sentence | None = Field(
        default=None,
        description="The sentence above the clinic cards, in every contacts part: replaces "
        "the block's own (default: the block's sentence).",
    )

    def pick(self, key: str, clinics: int) -> str | None:
        """The words for `key` ('call', 'contacts') for a copy listing `clinics` clinics."""
        value = getattr(self, key)
        if isinstance(value, (CountedLabel, CountedText)):
            return value.one if clinics == 1 else value.other
        return value

    def given(self) -> list[str]:
        """The keys this brand sets."""
        return [key for key in type(self).model_fields if getattr(self, key) is not None]
