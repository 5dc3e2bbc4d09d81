"""Clinical sign-off: what the hash covers, what voids it, and signing a file in place."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from handouts import ContentErrors, HandoutsError, load_library, sign_off, unsigned
from handouts.content.signoff import State, state, text_hash
from tests.conftest import FIXTURES

SIGNER = "Dr. Test, MD"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    return tmp_path / "mini"


@pytest.fixture
def bilingual(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "bilingual", tmp_path / "bilingual")
    return tmp_path / "bilingual"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _aftercare(content: Path):
    return load_library(content).blocks["aftercare"]


def test_a_signed_block_stays_signed_through_comments_wrapping_and_quoting(mini: Path) -> None:
    sign_off(mini, ["aftercare"], None, SIGNER)
    assert state(_aftercare(mini)) is State.SIGNED
    path = mini / "blocks" / "aftercare.yaml"
    _edit(
        path,
        "  - paragraph: The area may feel sore for a day or so.\n",
        "  # Reviewed wording: keep it short.\n"
        "  - paragraph: >\n      The area may feel   sore\n      for a day or so.\n",
    )
    _edit(path, "      - Use ice as we told you.", '      - "Use ice as we told you."  # ok')
    assert state(_aftercare(mini)) is State.SIGNED


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("for a day or so.", "for a week or so."),  # a word
        ("Call us if you have a fever.", "Call us if you have a **fever**."),  # emphasis
        ("heading: After your injection", "heading: After your shot"),  # the heading
        ("  - bullets:", "  - steps:"),  # a list that becomes numbered steps
    ],
)
def test_any_change_to_the_text_voids_the_sign_off(mini: Path, old: str, new: str) -> None:
    sign_off(mini, ["aftercare"], None, SIGNER)
    _edit(mini / "blocks" / "aftercare.yaml", old, new)
    block = _aftercare(mini)
    assert state(block) is State.CHANGED
    assert block.reviewed_by == SIGNER  # kept, but no longer counts
    assert load_library(mini).handout("neck-pain").draft


def test_a_condition_title_and_message_are_signed_and_voided_like_blocks(mini: Path) -> None:
    sign_off(mini, ["neck-pain"], None, SIGNER, "2026-02-03")
    condition = load_library(mini).conditions["neck-pain"]
    assert (condition.reviewed_by, condition.reviewed_on) == (SIGNER, dt.date(2026, 2, 3))
    assert state(condition) is State.SIGNED
    _edit(mini / "conditions" / "neck-pain.yaml", "may ease neck pain", "will ease neck pain")
    assert state(load_library(mini).conditions["neck-pain"]) is State.CHANGED


def test_the_hash_is_of_the_text_in_its_own_language(bilingual: Path) -> None:
    library = load_library(bilingual)
    english, spanish = library.blocks_by_lang["en"]["care"], library.blocks_by_lang["es"]["care"]
    assert text_hash(english) != text_hash(spanish)
    assert text_hash(english).startswith("sha256:") and len(text_hash(english)) == 7 + 16


def test_signing_edits_only_the_three_lines_and_keeps_comments(bilingual: Path) -> None:
    path = bilingual / "conditions" / "neck.es.yaml"
    _edit(path, "    reviewed_by:\n", "    reviewed_by:   # a clinician fills this in\n")
    before = path.read_text(encoding="utf-8").splitlines()
    (signed,) = sign_off(bilingual, ["neck-knots"], "es", "Dra. Zoë Ruiz", "2026-12-01")
    after = path.read_text(encoding="utf-8").splitlines()
    assert signed.display.endswith("conditions/neck.es.yaml") and signed.before is State.UNSIGNED
    changed = [line for line in after if line not in before]
    assert changed == [
        "    reviewed_by: Dra. Zoë Ruiz   # a clinician fills this in",
        "    reviewed_on: 2026-12-01",
        f"    reviewed_text: {signed.text_hash}",
    ]
    assert [line for line in before if line not in after] == [
        "    reviewed_by:   # a clinician fills this in",
        "    reviewed_on:",
    ]
    # The condition's own fields are added under `revised:`, a name that needs quotes quoted.
    sign_off(bilingual, ["neck"], "es", "Ruiz: MD")
    text = path.read_text(encoding="utf-8")
    assert 'revised: 2026-02-01\nreviewed_by: "Ruiz: MD"\nreviewed_on: ' in text
    library = load_library(bilingual)
    assert library.conditions_by_lang["es"]["neck"].reviewed_by == "Ruiz: MD"
    assert [(t.lang, t.name) for t in unsigned(library)] == [
        ("en", "neck"), ("en", "neck-knots"), ("en", "care"), ("es", "care"),
    ]  # fmt: skip


def test_signing_refuses_what_it_cannot_sign_honestly(bilingual: Path, mini: Path) -> None:
    with pytest.raises(HandoutsError, match="name the language of the text you read"):
        sign_off(bilingual, ["care"], None, SIGNER)
    with pytest.raises(HandoutsError, match="no block or condition 'cares' in es; did you mean"):
        sign_off(bilingual, ["cares"], "es", SIGNER)
    with pytest.raises(HandoutsError, match="is in the future"):
        sign_off(bilingual, ["care"], "es", SIGNER, dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(HandoutsError, match="--by needs the clinician's name"):
        sign_off(bilingual, ["care"], "es", "  ")
    # A file with a problem is never signed; the problem is shown, and nothing is written.
    path = bilingual / "blocks" / "care.es.yaml"
    _edit(path, "heading:", "headng:")
    before = path.read_bytes()
    with pytest.raises(ContentErrors) as raised:
        sign_off(bilingual, ["care"], "es", SIGNER)
    assert "unknown key 'headng'" in str(raised.value)
    assert "'care' is in this file, which has problems" in str(raised.value)
    assert path.read_bytes() == before
    # An inline block's id shared by two handouts: the longer name picks one.
    shutil.copy(mini / "conditions" / "neck-pain.yaml", mini / "conditions" / "neck-2.yaml")
    _edit(mini / "conditions" / "neck-2.yaml", "slug: neck-pain", "slug: neck-2")
    with pytest.raises(HandoutsError, match="write one of: neck-2/neck-knots, neck-pain/neck"):
        sign_off(mini, ["neck-knots"], None, SIGNER)
    sign_off(mini, ["neck-2/neck-knots"], None, SIGNER)
    waiting = {t.qualified for t in unsigned(load_library(mini))}
    assert "neck-2/neck-knots" not in waiting and "neck-pain/neck-knots" in waiting


def test_windows_line_endings_and_a_byte_order_mark_are_kept(mini: Path) -> None:
    path = mini / "blocks" / "aftercare.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    sign_off(mini, ["aftercare"], None, SIGNER)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid: aftercare\r\n") and b"\n" not in data.replace(
        b"\r\n", b""
    )
    assert state(_aftercare(mini)) is State.SIGNED
