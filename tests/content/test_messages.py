"""Messages that point at the cause (issue 15): the line the editor got wrong, and what to type.

Each case is a small block file with one mistake; the message must name that line (not the
one where PyYAML gave up) and say what to do. The outline that finds them must never find
anything in YAML that is fine: every YAML file in the repository, and YAML written by PyYAML.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.content import markup
from handouts.content.loader import parse_yaml
from handouts.content.locate import validate_file
from handouts.content.models import Block
from handouts.content.yaml_errors import outline_problems
from handouts.content.yaml_outline import NO_SPACE
from tests.conftest import FIXTURES, ROOT

HEAD = "id: x\nheading: Hi\nrevised: 2026-01-01\nreviewed_by:\nreviewed_on:\nbody:\n"


def _messages(text: str) -> list[str]:
    source, problems = parse_yaml(text.encode(), Path("x.yaml"), "x.yaml")
    if source is not None and not problems:
        _, problems = validate_file(source, Block)
    return [str(problem) for problem in problems]


# (what the editor wrote, the one message they must get)
CASES = {
    "a key indented more than its siblings (once reported a line later as 'put in quotes')": (
        "id: x\nheading: Hi\n revised: 2026-01-01\nreviewed_by:\nreviewed_on:\nbody: []\n",
        "x.yaml:3:2: line 3 is indented 1 space, its siblings 0 spaces (line 1, a key of the "
        "same set): line it up with them",
    ),
    "a key indented less than its siblings": (
        HEAD + "  - callout:\n      title: T\n     tone: warning\n      items: [a]\n",
        "x.yaml:9:6: line 9 is indented 5 spaces, its siblings 6 spaces (line 8, a key of the "
        "same set): line it up with them",
    ),
    "a key lined up with the key above it, whose fields follow": (
        HEAD + "  - callout:\n      title: T\n    tone: warning\n      items: [a]\n",
        "x.yaml:9:5: line 9 is indented 4 spaces, like 'callout' on line 7, so it is not read "
        "as part of it: indent it 6 spaces, like line 10",
    ),
    "a key lined up with a part's kind, at the end": (
        HEAD + "  - callout:\n      title: T\n      items: [a]\n    tone: warning\n",
        "x.yaml:10:5: 'tone' lines up with 'callout', so YAML reads it as a second kind of this "
        "part: if it belongs to the callout, indent it 6 spaces, like 'title'; if it starts a "
        "new part, begin it with '- '",
    ),
    "a list item indented less than its siblings": (
        HEAD + "  - bullets:\n      - one\n     - two\n      - three\n",
        "x.yaml:9:6: line 9 is indented 5 spaces, its siblings 6 spaces (line 8, an item of the "
        "same list): line it up with them",
    ),
    "a list item indented more than its siblings (YAML glues it to the text above)": (
        HEAD + "  - bullets:\n      - one\n        - two\n",
        "x.yaml:9:9: line 9 is indented 8 spaces, more than the item on line 8 (6 spaces), so "
        "YAML reads it as more of that item's text: line it up with its siblings (6 spaces)",
    ),
    "a list item under a key that has its text": (
        "id: x\nheading: Hi\n  - more\nrevised: 2026-01-01\nreviewed_by:\nreviewed_on:\nbody: []\n",
        "x.yaml:3:3: line 3 is a list item under 'heading' (line 2), which already has its "
        "text after the colon, so YAML reads the item as more of that text: for a list, leave "
        "nothing after the colon",
    ),
    "a part's first item indented differently from the next": (
        HEAD + "   - paragraph: >\n      Sore.\n  - paragraph: Rest.\n  - paragraph: Ice.\n",
        "x.yaml:7:4: line 7 is indented 3 spaces, its siblings 2 spaces (line 9, an item of the "
        "same list): line it up with them",
    ),
    "a tab among the spaces": (
        HEAD + "\t- paragraph: Sore.\n",
        "x.yaml:7:1: tab character; indent with spaces, not tabs",
    ),
    "a key with no space after its colon (once reported on the next line)": (
        HEAD + "  - callout:\n      title:When to call\n      items: [a]\n",
        "x.yaml:8:7: 'title:When to call' has no space after its colon, so YAML reads it as "
        "text, not the key 'title': write 'title: When to call'",
    ),
    "a part's kind with no space after its colon": (
        HEAD + "  - paragraph:Sore.\n",
        "x.yaml:7:5: 'paragraph:Sore.' has no space after its colon, so YAML reads it as text, "
        "not the key 'paragraph': write 'paragraph: Sore.'",
    ),
    "a top-level key with no space after its colon": (
        "id: x\nheading:After\nrevised: 2026-01-01\n",
        "x.yaml:2:1: 'heading:After' has no space after its colon, so YAML reads it as text, "
        "not the key 'heading': write 'heading: After'",
    ),
    "a quote never closed, with keys after it": (
        'id: x\nheading: "After your shot\nrevised: 2026-01-01\nbody: "x"\n',
        "x.yaml:2:10: this quote is never closed, so line 3 is read as part of the text; add "
        "the closing quote",
    ),
    "a ': ' inside text": (
        HEAD + "  - paragraph: Remember: ice helps.\n",
        "x.yaml:7:24: YAML syntax error: text contains ': '; put the whole text in quotes",
    ),
    "a second line of text no more indented than its key": (
        HEAD + "  - paragraph: Sore and\n  tired.\n",
        "x.yaml:8:3: line 8 is neither 'key: value' nor a '- ' list item: if the line is more "
        "of the text of 'paragraph' (line 7), indent it more than that line (4 spaces)",
    ),
    "a '>' text whose first line is indented more than the rest": (
        HEAD + "  - paragraph: >\n       Sore for\n      a day.\n      Ice helps.\n",
        "x.yaml:8:8: line 8 is indented 7 spaces, the next lines of its text 6 spaces: YAML "
        "takes a text's indentation from its first line; line them up",
    ),
    "a '>' text with one line indented less than the first": (
        HEAD + "  - paragraph: >\n      Sore for\n     a day.\n      Ice helps.\n",
        "x.yaml:9:6: line 9 is indented 5 spaces, less than the first line of its text (line 8, "
        "6 spaces): YAML takes a text's indentation from its first line; line them up",
    ),
    "a '>' text no more indented than its key": (
        HEAD + "  - paragraph: >\n    Sore for a day.\n",
        "x.yaml:8:5: line 8 is indented 4 spaces, no more than 'paragraph' on line 7: the text "
        "after '>' must be indented more than its key",
    ),
    "an empty key's sibling indented under it": (
        "id: x\nheading: Hi\nrevised: 2026-01-01\nreviewed_by:\n reviewed_on:\nbody:\n"
        "  - paragraph: a\n",
        "x.yaml:5:2: 'reviewed_on' is indented more than 'reviewed_by' above it, so YAML reads "
        "it as part of 'reviewed_by': line it up with 'reviewed_by'",
    ),
    "a key indented into the '>' text above it": (
        "id: x\nheading: >\n  Hi\n  revised: 2026-01-01\nreviewed_by:\nreviewed_on:\nbody:\n"
        "  - paragraph: a\n",
        "x.yaml:4:3: 'revised' is indented like the text of 'heading' above it, so YAML reads "
        "it as part of that text: line it up with 'heading' (0 spaces)",
    ),
    "a figure's key indented into its '>' alt text": (
        HEAD
        + "  - figure:\n      image: images/a.svg\n      alt: >\n        A drawing of a head.\n"
        + "        place: rail\n",
        "x.yaml:11:9: 'place' is indented like the text of 'alt' above it, so YAML reads it as "
        "part of that text: line it up with 'alt' (6 spaces)",
    ),
    "a list item with no space after its '-'": (
        HEAD + "  - paragraph: Rest.\n  -bullets: [Ice]\n",
        "x.yaml:8:3: '-bullets' needs a space after its '-' to start a list item: write "
        "'- bullets'",
    ),
    "the only list item with no space after its '-'": (
        HEAD + "  -paragraph: Rest.\n",
        "x.yaml:7:3: '-paragraph' needs a space after its '-' to start a list item: write "
        "'- paragraph'",
    ),
    "text with ': ' in typographic quotes": (
        HEAD + "  - paragraph: “Remember: ice helps.”\n",
        "x.yaml:7:25: text contains ': ' and is in typographic quotes (“ ” or ‘ ’), which YAML "
        'reads as letters: put the whole text in straight quotes (" ")',
    ),
    "a second document after '---'": (
        HEAD + "body: []\n---\nid: y\n",
        "x.yaml:8:1: a second document after '---': a content file holds one; remove the '---'",
    ),
    "'key = value'": (
        "id: x\nheading = Hi\n",
        "x.yaml:2:1: line 2 is neither 'key: value' nor a '- ' list item: a key needs a colon "
        "and a space after it; if the line is more of the text of 'id' (line 1), indent it "
        "more than that line (0 spaces)",
    ),
    "a required key left out, said where it goes": (
        "id: x\nheading: Hi\nreviewed_by:\nreviewed_on:\nbody:\n  - paragraph: a\n",
        "x.yaml:2:1: missing required field 'revised': add 'revised:' after 'heading'",
    ),
    "a ' #' that cuts a heading short": (
        HEAD.replace("heading: Hi", "heading: Step #1 ice") + "  - paragraph: a\n",
        "x.yaml:2:15: a ' #' starts a YAML comment, so '#1 ice' was left out of this text: put "
        "the whole text in quotes, or the comment on a line of its own",
    ),
    "a ' #' that cuts a list item short": (
        HEAD + "  - bullets:\n      - Ice it #2 times a day\n",
        "x.yaml:8:16: a ' #' starts a YAML comment, so '#2 times a day' was left out of this "
        "text: put the whole text in quotes, or the comment on a line of its own",
    ),
    "a text starting with '**' (YAML reads an alias)": (
        HEAD + "  - paragraph: **Call us** if it swells.\n",
        "x.yaml:7:16: a text that starts with '*' must be in quotes: YAML reads '*' there as an "
        "alias (a reference to another value); put the whole text in quotes",
    ),
    "a text starting with a quoted word": (
        HEAD + '  - paragraph: "Trigger points" are knots.\n',
        "x.yaml:7:16: a text that starts with '\"' must be in quotes: YAML reads '\"' there as "
        "a quoted text, which ends at the next quote; put the whole text in quotes",
    ),
    "a text starting with a bracket": (
        HEAD + "  - bullets:\n      - [Note] Ice helps.\n",
        "x.yaml:8:9: a text that starts with '[' must be in quotes: YAML reads '[' there as a "
        "list; put the whole text in quotes",
    ),
    "a text starting with '>' and words after it": (
        HEAD + "  - paragraph: > 5 visits are rare.\n",
        "x.yaml:7:16: a text that starts with '>' must be in quotes: YAML reads '>' there as the "
        "start of a text on the lines below; put the whole text in quotes",
    ),
    "a text starting with '#' (YAML reads a comment: the text is empty)": (
        HEAD + "  - paragraph: #1 priority is rest.\n",
        "x.yaml:7:16: a text that starts with '#' must be in quotes: YAML reads '#' there as a "
        "comment, so this text is empty; put the whole text in quotes",
    ),
    "a stray '**' in a text": (
        HEAD + "  - paragraph: >\n      **Call us** if it swells, or if you\n"
        "      have **a fever.\n",
        "x.yaml:9:12: '**' has no partner, so it would print as typed: bold is written **like "
        "this**, with no space just inside the stars; to print the stars, write \\*\\*",
    ),
    "a stray '*' against a word": (
        HEAD + "  - bullets:\n      - Rest *today.\n",
        "x.yaml:8:14: '*' has no partner, so it would print as typed: italic is *like this*, "
        "with no space just inside the stars; to print the star, write \\*",
    ),
    "bold in a heading, which prints as written": (
        HEAD.replace("heading: Hi", "heading: After **your** shot") + "  - paragraph: a\n",
        "x.yaml:2:16: this text is printed exactly as written, so its stars would print as "
        "typed: it cannot be **bold** or *italic*; remove them",
    ),
    "a pasted tag, located at the tag": (
        HEAD + "  - paragraph: Rest. <b>Then</b> ice.\n",
        "x.yaml:7:22: '<b>', '</b>' looks like HTML or ReportLab markup, which content cannot "
        "use; write **bold**, *italic* or [link text](https://…), or spell the character out",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_yaml_mistake_is_reported_at_its_line_with_what_to_do(name: str) -> None:
    text, expected = CASES[name]
    assert _messages(text) == [expected]


def test_a_star_with_no_partner_is_found_and_one_on_purpose_is_not() -> None:
    assert [markup.stray_marker(text) for text in ("**Call us", "Call us** now", "*a", "a*")] == [
        0,
        7,
        0,
        1,
    ]
    for fine in ("**Call us** now", "*Rest* and 2 * 3", r"a \*star\* b", "[**a**](https://x)"):
        assert markup.stray_marker(fine) is None, fine
    assert markup.stray_marker("**bold *it** then") == 7  # inside the bold
    assert markup.where("Rest. <b>Now</b> **a") == 6  # the first problem: the tag
    assert markup.plain_marker("Step 1 * 2") is None
    assert markup.plain_marker("After *your* shot") == 6


def test_comments_where_yaml_allows_them_are_fine() -> None:
    text = (
        "id: x  # the file's name\n"
        'heading: "Step #1: ice"  # in quotes, # is text\n'
        "icon: ice # not reader-facing text\n"
        "revised: 2026-01-01 #a date\n"
        "reviewed_by:  # nobody yet\n"
        "reviewed_on:\n"
        "# a comment on its own line\n"
        "body:\n"
        "  - paragraph: >  # a comment after '>'\n"
        "      Folded text keeps #3 and # signs.\n"
        "  - paragraph: 'Single #4'\n"
        "  - paragraph: Rest.  # a comment as yamllint writes one: two spaces, '#', a space\n"
    )
    source, problems = parse_yaml(text.encode(), Path("x.yaml"), "x.yaml")
    assert source is not None and problems == []
    block, errors = validate_file(source, Block)
    assert errors == [] and block is not None
    assert block.heading == "Step #1: ice"
    assert [next(part.texts()) for part in block.body] == [
        "Folded text keeps #3 and # signs.",
        "Single #4",
        "Rest.",
    ]


def _yaml_files() -> list[Path]:
    found = []
    folders = [ROOT / name for name in ("content", "tests", "docs", "examples", "handouts")]
    hostile = ROOT / "tests" / "bad_content"  # wrong on purpose, some of it valid YAML
    paths = [p for f in folders for pattern in ("*.yaml", "*.yml") for p in f.rglob(pattern)]
    paths = [path for path in paths if not path.is_relative_to(hostile)]
    for path in sorted(paths):
        try:
            list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            continue  # not YAML at all: PyYAML's own message says so
        found.append(path)
    return found


def test_the_outline_finds_nothing_in_any_good_yaml_file_of_the_repository() -> None:
    files = _yaml_files()
    assert len(files) > 50
    found = {
        str(path.relative_to(ROOT)): outline_problems(path.read_text(encoding="utf-8"))
        for path in files
    }
    assert {name: problems for name, problems in found.items() if problems} == {}


_SCALARS = st.one_of(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
        | st.sampled_from(["\n", " ", "#", ":", "-", "*", '"', "'"]),
        max_size=40,
    ).filter(lambda text: not NO_SPACE.fullmatch(text.strip())),  # 'heading:After' is said
    st.integers(),
    st.none(),
)
_KEYS = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=12, deadline=None, derandomize=True)
@given(
    data=_DATA,
    style=st.sampled_from([None, "|", ">", '"', "'"]),
    indent=st.sampled_from([2, 3, 4]),
    width=st.sampled_from([20, 80]),
)
def test_the_outline_finds_nothing_in_yaml_that_pyyaml_writes(
    data: object, style: str | None, indent: int, width: int
) -> None:
    """PyYAML's own YAML, in every style it writes text in (plain, wrapped over lines, '|',
    '>', quoted), nested lists and mappings, compact lists under keys."""

    class Dumper(yaml.SafeDumper):
        def represent_str(self, text: str) -> yaml.ScalarNode:
            chosen = style if text.strip() else None
            return self.represent_scalar("tag:yaml.org,2002:str", text, style=chosen)

    Dumper.add_representer(str, Dumper.represent_str)
    text = yaml.dump({"root": data}, Dumper=Dumper, indent=indent, width=width, allow_unicode=True)
    assert yaml.safe_load(text) == {"root": data}
    assert outline_problems(text) == []


# ---- a slug or id that is not its file's name ------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "file, old, expected",
    [
        (
            "conditions/neck.yaml",
            "slug: neck\n",
            "content/conditions/neck.yaml:1:7: the slug 'necks' does not match the file name "
            "neck.yaml: a condition's slug is its file's name without '.yaml'; change it to "
            "'neck', or rename the file to necks.yaml",
        ),
        (
            "conditions/neck.es.yaml",
            "slug: neck\n",
            "content/conditions/neck.es.yaml:1:7: the slug 'necks' does not match the file name "
            "neck.es.yaml: a condition's slug is its file's name without '.es.yaml'; change it "
            "to 'neck', its original's",
        ),
        (
            "blocks/care.yaml",
            "id: care\n",
            "content/blocks/care.yaml:1:5: the id 'cares' does not match the file name "
            "care.yaml: a block's id is its file's name without '.yaml'; change it to 'care', "
            "or rename the file to cares.yaml",
        ),
    ],
)
def test_a_name_unlike_its_file_is_one_message_naming_both(
    cli, workdir: Path, file: str, old: str, expected: str
) -> None:
    """Once 'has no Spanish (es) text: add neck.es.yaml' (which was there) and, for a block,
    an 'unknown block' for every handout that uses it."""
    shutil.copytree(FIXTURES / "bilingual", workdir / "content")
    _edit(workdir / "content" / file, old, old.rstrip("\n") + "s\n")
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [expected, "1 problem found; nothing was written."]


def test_a_typo_in_an_originals_block_list_is_not_passed_on_to_its_translation(
    tmp_path: Path,
) -> None:
    """'unknown block' at the typo, and no 'the blocks must be the same … as in' telling the
    translator to copy the typo into the Spanish."""
    from handouts import load_library
    from handouts.errors import ContentErrors

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "bilingual", content)
    neck = content / "conditions" / "neck.yaml"
    neck.write_text(neck.read_text().replace("  - care\n", "  - car\n"))
    with pytest.raises(ContentErrors) as refused:
        load_library(content)
    shown = [str(error) for error in refused.value.errors]
    assert any("neck.yaml:13:5: unknown block 'car'" in line for line in shown), shown
    assert not any("must be the same" in line for line in shown), shown
