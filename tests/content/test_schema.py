"""The JSON Schemas editors check content with (`handouts schema`, content/schema.py).

Each file is read as the Red Hat YAML extension reads it (YAML 1.2: a date is text) and
validated with `jsonschema` against the committed schema, the file an editor opens: as the
draft the schemas are written in (2020-12), and as draft 7, which that extension reads.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from handouts import ContentErrors, load_library, update_schemas
from handouts.content import markup
from handouts.content.models import Block, Brand, Condition, Settings
from handouts.content.schema import content_files, schema_text, schemas, with_schema_line
from handouts.parts import PART_KINDS
from tests.conftest import FIXTURES, ROOT, SHIPPED_CONTENT

FRESH = schemas()
EXAMPLE = ROOT / "examples" / "one-clinic"  # a clinic's folder that inherits content/
COMMITTED = SHIPPED_CONTENT / "schemas"
LINES = {  # the shared convention, written out here so that the test is not the code again
    "blocks": "# yaml-language-server: $schema=../schemas/block.schema.json",
    "conditions": "# yaml-language-server: $schema=../schemas/condition.schema.json",
    "brand": "# yaml-language-server: $schema=schemas/brand.schema.json",
    "settings": "# yaml-language-server: $schema=schemas/settings.schema.json",
}


class EditorLoader(yaml.SafeLoader):
    """YAML as the editor's language server reads it: YAML 1.2, where 2026-12-03 is text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)


DIALECTS = {"2020-12": jsonschema.Draft202012Validator, "7": jsonschema.Draft7Validator}


def _validator(kind: str, dialect: str) -> Any:
    schema = json.loads((COMMITTED / f"{kind}.schema.json").read_text(encoding="utf-8"))
    validator = DIALECTS[dialect]
    return validator(schema, format_checker=validator.FORMAT_CHECKER)


VALIDATORS = {(kind, dialect): _validator(kind, dialect) for kind in FRESH for dialect in DIALECTS}


def _problems(kind: str, data: Any, dialect: str = "2020-12") -> list[tuple[list[Any], str]]:
    found = VALIDATORS[kind, dialect].iter_errors(data)
    return [(list(error.absolute_path), error.message) for error in found]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    "root",
    [SHIPPED_CONTENT, EXAMPLE, *(FIXTURES / name for name in ("all-parts", "bilingual", "mini"))],
)
def test_every_content_file_validates_against_its_schema(root: Path, dialect: str) -> None:
    files = content_files(root)
    assert len(files) >= 2
    for path, kind in files:
        assert _problems(kind, _read(path), dialect) == [], path


def test_the_committed_schemas_are_the_models_schemas() -> None:
    for kind, schema in FRESH.items():
        committed = (COMMITTED / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert committed == schema_text(schema), f"run handouts schema: {kind} is out of date"
    assert sorted(p.name for p in COMMITTED.iterdir()) == [
        f"{k}.schema.json" for k in sorted(FRESH)
    ]
    update_schemas(SHIPPED_CONTENT, check=True)  # what CI runs: raises if anything is stale


def test_every_shipped_yaml_file_names_its_schema_on_line_1() -> None:
    files = sorted(SHIPPED_CONTENT.glob("*.yaml")) + sorted(SHIPPED_CONTENT.glob("*/*.yaml"))
    assert len(files) == len(content_files(SHIPPED_CONTENT)) > 30
    for path in files:
        where = path.parent.name if path.parent != SHIPPED_CONTENT else path.name.split(".")[0]
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == LINES[where], path
        target = path.parent / first.split("$schema=", 1)[1]
        assert target.resolve().is_file() and target.resolve().parent == COMMITTED, path


def test_a_clinic_folder_names_its_base_folders_schemas() -> None:
    update_schemas(EXAMPLE, check=True)
    assert not (EXAMPLE / "schemas").exists()
    for path, kind in content_files(EXAMPLE):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        target = path.parent / first.split("$schema=", 1)[1]
        assert target.resolve() == (COMMITTED / f"{kind}.schema.json").resolve(), path


def test_schema_in_a_clinic_folder_writes_the_lines_there_and_the_schemas_in_its_base(
    tmp_path: Path,
) -> None:
    base, clinic = tmp_path / "base", tmp_path / "clinics" / "lakeside"
    shutil.copytree(FIXTURES / "mini", base)
    clinic.mkdir(parents=True)
    brand = (base / "brand.yaml").read_text(encoding="utf-8")
    (clinic / "brand.yaml").write_text(f"inherits: ../../base\n{brand}", encoding="utf-8")
    changed = update_schemas(clinic)
    assert not (clinic / "schemas").exists() and len(list((base / "schemas").iterdir())) == 4
    assert {path.resolve() for path in changed} == {
        (clinic / "brand.yaml").resolve(),
        *((base / "schemas" / f"{kind}.schema.json").resolve() for kind in FRESH),
    }
    assert (
        (clinic / "brand.yaml")
        .read_text(encoding="utf-8")
        .startswith(
            "# yaml-language-server: $schema=../../base/schemas/brand.schema.json\ninherits:"
        )
    )
    assert (base / "blocks" / "aftercare.yaml").read_text().startswith("id:")  # the base's own
    (clinic / "brand.yaml").write_text("inherits: ../nowhere\n", encoding="utf-8")
    with pytest.raises(ContentErrors, match=r"brand.yaml:1:11: base content folder '../nowhere'"):
        update_schemas(clinic, check=True)


def _shipped(name: str) -> Any:
    return _read(SHIPPED_CONTENT / name)


def _mutated(data: Any, where: list[Any], value: Any, *, rename: str | None = None) -> Any:
    data = copy.deepcopy(data)
    holder = data
    for key in where[:-1]:
        holder = holder[key]
    if rename is not None:
        holder[rename] = holder.pop(where[-1])
    else:
        holder[where[-1]] = value
    return data


BLOCK = _shipped("blocks/after-the-shot.yaml")
BRAND = _shipped("brand.yaml")
MODELS = {"block": Block, "brand": Brand, "condition": Condition, "settings": Settings}


@pytest.mark.parametrize(
    ("kind", "data", "at"),
    [
        ("block", _mutated(BLOCK, ["heading"], None, rename="headng"), []),
        ("block", _mutated(BLOCK, ["body", 0], {"paragraf": "Some text."}), ["body", 0]),
        ("block", _mutated(BLOCK, ["revised"], "next week"), ["revised"]),
        ("block", _mutated(BLOCK, ["revised"], "2026-02-30"), ["revised"]),
        ("block", _mutated(BLOCK, ["id"], "After The Shot"), ["id"]),
        ("block", _mutated(BLOCK, ["body", 0, "paragraph"], "Read <b>this</b>."), ["body", 0]),
        ("block", _mutated(BLOCK, ["body", 0, "paragraph"], "See [us](www.x.org)."), ["body", 0]),
        ("brand", _mutated(BRAND, ["colours", "accent"], "#2A8C8"), []),
        ("brand", _mutated(BRAND, ["colours", "text"], "dark grey"), []),
        ("settings", {"languages": {"EN": {"name": "English", "pdf_lang": "en-US"}}}, []),
        ("settings", {"papers": ["legal"]}, ["papers", 0]),
    ],
    ids=[
        "typo-key", "part-kind", "date-words", "date-impossible", "slug", "tag", "link",
        "colour-short", "colour-name", "language-code", "paper",
    ],
)  # fmt: skip
def test_a_mistake_fails_the_schema_as_it_fails_the_model(
    kind: str, data: Any, at: list[Any]
) -> None:
    for dialect in DIALECTS:
        problems = _problems(kind, data, dialect)
        assert problems, f"the schema, read as draft {dialect}, let a mistake through"
        assert any(path[: len(at)] == at for path, _ in problems), problems
    with pytest.raises(ValidationError):
        MODELS[kind].model_validate(data)


def test_the_schema_names_the_mistake() -> None:
    typo = _problems("block", _mutated(BLOCK, ["heading"], None, rename="headng"))
    assert ([], "Additional properties are not allowed ('headng' was unexpected)") in typo
    kind = _problems("block", _mutated(BLOCK, ["body", 0], {"paragraf": "Some text."}))
    assert any("'paragraf' is not one of ['paragraph', 'bullets'" in message for _, message in kind)
    assert _problems("brand", BRAND) == [] and _problems("block", BLOCK) == []


def test_every_registered_part_kind_is_in_the_block_schema() -> None:
    part = FRESH["block"]["properties"]["body"]["items"]
    assert part["propertyNames"]["enum"] == list(PART_KINDS)
    defs = FRESH["block"]["$defs"]
    keys = {
        key
        for choice in part["oneOf"]
        for key in defs[choice["$ref"].rsplit("/", 1)[1]]["properties"]
    }
    assert keys == set(PART_KINDS)
    parts = [part for root in (SHIPPED_CONTENT, FIXTURES / "all-parts") for part in _parts(root)]
    assert {next(iter(part)) for part in parts} == set(PART_KINDS)  # each kind, written somewhere
    for part in parts:
        assert _problems("block", {**BLOCK, "body": [part]}) == [], part
        other = next(kind for kind in PART_KINDS if kind not in part)
        assert _problems("block", {**BLOCK, "body": [{**part, other: "Two kinds."}]}), part


def _parts(root: Path) -> list[dict[str, Any]]:
    """Every part in a content folder's blocks, shared or written in a condition."""
    found = []
    for path, kind in content_files(root):
        data = _read(path)
        blocks = (
            [data] if kind == "block" else data.get("blocks", []) if kind == "condition" else []
        )
        found += [part for block in blocks if isinstance(block, dict) for part in block["body"]]
    return found


def test_every_field_has_help_for_the_editor() -> None:
    for kind, schema in FRESH.items():
        assert schema.get("description"), kind
        for name, model in {kind: schema, **schema.get("$defs", {})}.items():
            for key, about in model.get("properties", {}).items():
                assert about.get("description"), f"{kind}: {name}.{key} has no description"
                assert "\n" not in about["description"].replace("\n\n", "")


TOKENS = ["[", "]", "(", ")", "\\", "*", "https://", "Tel:", "x", " ", "\n", "<b", ">", "&amp", ";"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=12).map("".join))
def test_the_markup_patterns_never_refuse_what_the_models_accept(text: str) -> None:
    if not markup.problems(text):
        assert re.search(markup.TEXT_PATTERN, text)
    assert bool(re.search(markup.NO_TAGS_PATTERN, text)) == (not markup.tag_problems(text))


def test_schema_writes_the_schemas_and_the_lines_then_check_passes(mini: Path, cli) -> None:
    settings_file = mini / "settings.yaml"
    settings_file.write_bytes(b"\xef\xbb\xbfpage_limit: 2\r\npapers: [letter]\r\n")
    before = {path: path.read_bytes() for path, _ in content_files(mini)}

    stale = cli("schema", "--check")
    assert stale.exit_code == 1
    assert "content/schemas/block.schema.json: missing; run handouts schema" in stale.stderr
    assert (
        "content/blocks/aftercare.yaml:1:1: line 1 should be "
        "'# yaml-language-server: $schema=../schemas/block.schema.json'" in stale.stderr
    )
    assert not (mini / "schemas").exists()  # --check wrote nothing

    wrote = cli("schema")
    assert wrote.exit_code == 0, wrote.output
    assert f"{len(before) + 4} files changed" in wrote.stdout
    written = {path: path.read_bytes() for path in (mini / "schemas").iterdir()}
    for path, raw in before.items():
        first, rest = path.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)
        assert (
            first.decode().rstrip("\r")
            == LINES[path.parent.name if path.parent != mini else path.stem]
        )
        assert rest == raw.removeprefix(b"\xef\xbb\xbf")  # nothing else changed
    assert settings_file.read_bytes().startswith(b"\xef\xbb\xbf# yaml-language-server: $schema=")
    assert b"json\r\npage_limit: 2\r\n" in settings_file.read_bytes()  # its line ends kept

    again = cli("schema")
    assert again.stdout == "nothing to change\n"
    assert {path: path.read_bytes() for path in (mini / "schemas").iterdir()} == written
    assert cli("schema", "--check").exit_code == 0
    load_library(mini)  # the loader reads content, not schemas/

    block = mini / "schemas" / "block.schema.json"
    block.write_text(block.read_text().replace('"Block"', '"Blok"'))
    (mini / "conditions" / "neck-pain.yaml").write_text("slug: neck-pain\n")
    with pytest.raises(ContentErrors) as stale_again:
        update_schemas(mini, check=True)
    assert [str(e) for e in stale_again.value.errors] == [
        "content/conditions/neck-pain.yaml:1:1: line 1 should be '# yaml-language-server: "
        "$schema=../schemas/condition.schema.json', so that editors check this file; run "
        "handouts schema",
        "content/schemas/block.schema.json: out of date with the models; run handouts schema",
    ]


def test_the_schema_line_keeps_error_lines_true(mini: Path) -> None:
    path = mini / "blocks" / "aftercare.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(lines) if line.startswith("heading:"))
    lines[heading] = "headng: After your shot"
    path.write_text("\n".join(lines), encoding="utf-8")
    update_schemas(mini)
    (mini / "schemas" / "notes.yaml").write_text("not: [content")  # never read
    with pytest.raises(ContentErrors) as raised:
        load_library(mini)
    shown = [str(e) for e in raised.value.errors if "headng" in e.message]
    assert shown == [f"content/blocks/aftercare.yaml:{heading + 2}:1: unknown key 'headng' "
                     "(did you mean 'heading'?)"]  # fmt: skip
    assert path.read_text(encoding="utf-8").split("\n")[heading + 1].startswith("headng:")


def test_an_old_schema_line_is_replaced_not_repeated() -> None:
    old = b"# yaml-language-server: $schema=../schemas/blok.schema.json\r\nid: x\r\n"
    new = "# yaml-language-server: $schema=../schemas/block.schema.json"
    assert with_schema_line(old, new) == new.encode() + b"\r\nid: x\r\n"
    assert with_schema_line(b"", new) == new.encode() + b"\n"
    assert with_schema_line(b"# A comment\nid: x", new) == new.encode() + b"\n# A comment\nid: x"


def test_a_file_the_loader_would_refuse_stops_it_writing_anything(mini: Path) -> None:
    outside = mini.parent / "outside.yaml"
    outside.write_text("id: x\n")
    (mini / "blocks" / "linked.yaml").symlink_to(outside)
    with pytest.raises(ContentErrors, match="a link to a file outside the content folder"):
        update_schemas(mini)
    assert not (mini / "schemas").exists()
    assert outside.read_text() == "id: x\n"
    shutil.rmtree(mini / "blocks")
    assert update_schemas(mini)  # without blocks/, the rest is written
