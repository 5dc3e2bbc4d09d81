"""JSON Schemas of the content files, generated from the models, and the line in each YAML file
that points editors at its own (`handouts schema`).

`<content>/schemas/{block,brand,condition,settings}.schema.json` are pydantic's
`model_json_schema` (JSON Schema 2020-12) of the models that `check` validates with, so an
editor completes keys, shows each field's help on hover and flags a typo while it is typed.
Line 1 of every content YAML file names its schema, relative to the file, for VS Code's Red
Hat YAML extension (docs/schemas.md):

    # yaml-language-server: $schema=../schemas/condition.schema.json

Decisions:
- Generated, never written by hand: a field added to a model is in the next schema, and
  tests/content/test_schema.py fails while the committed files differ from fresh ones.
- Help on hover: a field's `description=`, or else the docstring under it (the house style:
  read here from the source, at no cost to loading content); a part kind's key, its module's
  first paragraph. Whitespace is folded so the JSON stays one line per description.
- What the validators check in code (ids, colours, dates, markup, phone numbers…) is also
  written as a `pattern` (fields.SchemaPattern), so the editor flags it too. The patterns may
  miss a case the validators catch, but never refuse what they accept.
- Translations (`aftercare.es.yaml`) use their base file's schema; `brand.yaml` and
  `brand.<lang>.yaml` share one (either model). No `"$schema"` keyword: the Red Hat extension
  validates as draft 7 (versions of it warn on a schema that names a newer draft); what it
  does not read (`prefixItems`, a table row's two cells) only makes it accept more. The tests
  validate as both drafts.
- Every model forbids unknown keys, so every object has `additionalProperties: false`.
- Files are written whole and only when they change: sorted keys, two-space indent, UTF-8,
  a newline at the end; the same bytes on every run. The loader never reads `schemas/`.
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from handouts.content.checks import file_display
from handouts.content.inherit import base_folder
from handouts.content.load import load_yaml, read_source
from handouts.content.models import Block, Brand, BrandTranslation, Condition, Settings
from handouts.errors import ContentError, ContentErrors, HandoutsError, cannot_write
from handouts.parts import BY_NAME, PART_KINDS, PartModel

FOLDER = "schemas"
"""Inside each content folder; not content: the loader reads only its own files and folders."""
KINDS: dict[str, Any] = {
    "block": Block,
    "brand": Brand | BrandTranslation,
    "condition": Condition,
    "settings": Settings,
}
"""Each kind of content file and the model(s) `check` validates it with."""
TITLES = {
    "brand": (
        "Brand",
        "brand.yaml: the clinic's name, colours and locations; or brand.<lang>.yaml: its words "
        "in another language.",
    ),
}
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
LINE = "# yaml-language-server: $schema="
"""How the Red Hat YAML extension reads a file's schema from its first line."""


def schemas() -> dict[str, dict[str, Any]]:
    """Every kind of content file's JSON Schema, by kind ('block', 'brand', …)."""
    found = {}
    for kind, model in KINDS.items():
        schema = TypeAdapter(model).json_schema(schema_generator=_Generator)
        if kind in TITLES:
            schema["title"], schema["description"] = TITLES[kind]
        found[kind] = _folded(schema)
    return found


def schema_text(schema: dict[str, Any]) -> str:
    """A schema as its file holds it: the same text for the same schema, every time."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def content_files(root: Path) -> list[tuple[Path, str]]:
    """Every content YAML file in a folder, with its kind, in a stable order."""
    found = [(root / "settings.yaml", "settings"), (root / "brand.yaml", "brand")]
    found += [(path, "brand") for path in sorted(root.glob("brand.*.yaml"))]
    for folder, kind in (("blocks", "block"), ("conditions", "condition")):
        if (root / folder).is_dir():
            found += [
                (path, kind)
                for path in sorted((root / folder).iterdir())
                if path.suffix in (".yaml", ".yml") and not path.name.startswith(".")
            ]
    return [(path, kind) for path, kind in found if os.path.lexists(path)]


def schema_line(path: Path, folder: Path, kind: str) -> str:
    """The first line a content file should have: its schema in `folder`, relative to the
    file (`../schemas/block.schema.json` in blocks/)."""
    target = os.path.relpath(folder / f"{kind}.schema.json", path.parent)
    return f"{LINE}{Path(target).as_posix()}"


def schemas_folder(root: Path) -> Path:
    """Where a content folder's schemas are: its own schemas/, or, for a clinic's folder that
    inherits (docs/brands.md), its base's, which its files then name."""
    brand = root / "brand.yaml"
    source = load_yaml(brand, file_display(brand), root)[0] if brand.is_file() else None
    base, problems = base_folder(
        root, source, lambda path, inside: load_yaml(path, file_display(path), inside)[0]
    )
    if problems:
        raise ContentErrors(problems)
    return (base or root) / FOLDER


def update_schemas(root: Path, *, check: bool = False) -> list[Path]:
    """Write the schemas and put each YAML file's schema line first; the files changed.

    With `check`, write nothing and raise ContentErrors naming every schema that is missing
    or out of date and every file without its line. A file that cannot be read (a link out of
    the folder, a pipe…) is an error, and then nothing is written. A clinic's folder that
    inherits has no schemas of its own: its files name its base's, which are brought up to date
    with it (they are the models', never edited by hand)."""
    if not root.is_dir():
        raise HandoutsError(f"content folder '{root}' not found; pass --content DIR")
    folder = schemas_folder(root)
    changes: list[tuple[Path, bytes, bytes | None]] = []  # (path, new bytes, old bytes)
    stale: list[ContentError] = []
    refused: list[ContentError] = []
    for kind, schema in schemas().items():
        path = folder / f"{kind}.schema.json"
        text = schema_text(schema).encode("utf-8")
        before = path.read_bytes() if path.is_file() else None
        if before != text:
            changes.append((path, text, before))
            state = "missing" if before is None else "out of date with the models"
            stale.append(ContentError(file_display(path), 0, 0, f"{state}; run handouts schema"))
    for path, kind in content_files(root):
        raw, problem = read_source(path, file_display(path), root)
        if raw is None:
            refused.append(problem or ContentError(file_display(path), 0, 0, "cannot read file"))
            continue
        line = schema_line(path, folder, kind)
        edited = with_schema_line(raw, line)
        if edited != raw:
            changes.append((path.resolve(), edited, raw))
            message = f"line 1 should be '{line}', so that editors check this file"
            stale.append(ContentError(file_display(path), 1, 1, f"{message}; run handouts schema"))
    if refused or (check and stale):
        raise ContentErrors(refused + stale if check else refused)
    if check:
        return []
    for path, after, before in changes:
        _write(path, after, before)
    return [path for path, _, _ in changes]


def with_schema_line(raw: bytes, line: str) -> bytes:
    """A file's bytes with `line` as its first line: an old schema line is replaced, anything
    else moves down one line, unchanged (a byte-order mark stays first, line ends stay)."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    body = raw[len(bom) :]
    newline = next((end for end in (b"\r\n", b"\n", b"\r") if end in body), b"\n")
    first, ends, rest = body.partition(newline)
    wanted = line.encode("utf-8")
    if first.startswith(LINE.encode("utf-8")):
        return raw if first == wanted else bom + wanted + ends + rest
    return bom + wanted + newline + body


def _write(path: Path, data: bytes, before: bytes | None) -> None:
    """One file replaced whole (a schema, or a YAML file with its new first line), keeping a
    YAML file's permissions; refused if someone changed it since it was read."""
    try:
        path.parent.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, path.stat().st_mode & 0o7777 if before is not None else 0o644)
        now = path.read_bytes() if path.is_file() else None
        if now != before:
            raise HandoutsError(f"{file_display(path)} changed while it was written; run it again")
        os.replace(temporary, path)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


class _Generator(GenerateJsonSchema):
    """pydantic's generator, with help on every field and the patterns dates are written in."""

    def model_schema(self, schema: core_schema.ModelSchema) -> dict[str, Any]:
        json_schema = super().model_schema(schema)
        cls = schema["cls"]
        docs = _attribute_docs(cls)
        kind = issubclass(cls, PartModel) and getattr(cls, "kind", None) in BY_NAME
        if kind:
            json_schema.setdefault("description", _module_doc(cls))
        properties = json_schema.get("properties", {})
        for name, field in cls.model_fields.items():
            about = properties.get(field.alias or name)
            if about is not None and "description" not in about:
                if name in docs:
                    about["description"] = docs[name]
                elif kind:
                    about["description"] = _module_doc(cls)
        return json_schema

    def date_schema(self, schema: core_schema.DateSchema) -> dict[str, Any]:
        return {**super().date_schema(schema), "pattern": DATE_PATTERN}

    def dict_schema(self, schema: core_schema.DictSchema) -> dict[str, Any]:
        """A mapping whose keys have a pattern (the languages' codes): pydantic writes it as
        `patternProperties`, which lets any other key through; here every key must match."""
        json_schema = super().dict_schema(schema)
        patterns = json_schema.pop("patternProperties", None)
        if patterns:
            ((pattern, values),) = patterns.items()
            json_schema["additionalProperties"] = values
            json_schema.setdefault("propertyNames", {})["pattern"] = pattern
        return json_schema

    def tagged_union_schema(self, schema: core_schema.TaggedUnionSchema) -> dict[str, Any]:
        """A part: one key, naming its kind (so a misspelt kind is named as such)."""
        json_schema = super().tagged_union_schema(schema)
        if set(schema["choices"]) != set(PART_KINDS):
            return json_schema
        return {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "propertyNames": {"enum": list(PART_KINDS)},
            "description": "One part of the block, written as '- kind: content', where kind is "
            f"one of: {', '.join(PART_KINDS)}.",
            **json_schema,
        }


def _attribute_docs(cls: type[BaseModel]) -> dict[str, str]:
    """The docstring under each field, from the class's source and its bases'."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        docs.update(_module_attribute_docs(klass.__module__).get(klass.__qualname__, {}))
    return docs


@functools.cache
def _module_attribute_docs(module: str) -> dict[str, dict[str, str]]:
    """Every top-level class's field docstrings in one of our modules, read once."""
    if not module.startswith("handouts."):
        return {}
    try:
        tree = ast.parse(inspect.getsource(sys.modules[module]))
    except (OSError, TypeError, SyntaxError):  # no source (a frozen app): no help
        return {}
    found: dict[str, dict[str, str]] = {}
    for klass in tree.body:
        if not isinstance(klass, ast.ClassDef):
            continue
        docs = found.setdefault(klass.name, {})
        for node, after in itertools.pairwise(klass.body):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[node.target.id] = inspect.cleandoc(after.value.value)
    return found


def _module_doc(cls: type) -> str:
    """A part kind's help: its module's first paragraph (every module has one)."""
    doc = inspect.getdoc(sys.modules[cls.__module__]) or ""
    return doc.split("\n\n", 1)[0]


def _folded(value: Any) -> Any:
    """Each description on one line, paragraphs kept apart (docstrings wrap at 100)."""
    if isinstance(value, list):
        return [_folded(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: item if key == "default" else _folded(item) for key, item in value.items()}
    if isinstance(out.get("description"), str):
        paragraphs = re.split(r"\n\s*\n", out["description"].strip())
        out["description"] = "\n\n".join(" ".join(p.split()) for p in paragraphs)
    return out
