"""`handouts review --sign`: a clinician's sign-off written into the text's own YAML file.

The three fields (`reviewed_by`, `reviewed_on`, `reviewed_text`: see signoff.py) are set on
their own lines, or added under `revised:`; every other byte of the file is kept, comments
included. Only the files of the language being signed are read, so a problem elsewhere (a
translation not written yet) does not stop a clinician, but a file with a problem is never
signed: what is signed must be what the handout prints. The edited file is read back and
checked (the same text, now signed by this person on this day) before it replaces the old one,
whole, and only if no one changed it in between.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from handouts.content.checks import file_display
from handouts.content.fields import PlainText
from handouts.content.inherit import find, layer_of, merged
from handouts.content.load import content_base, load_yaml, read_source
from handouts.content.loader import MarkedDict, MarkedList, SourceFile, parse_yaml
from handouts.content.locate import validate_file
from handouts.content.models import Block, Condition, Settings
from handouts.content.review import Reviewable, in_condition_file, in_file
from handouts.content.signoff import State, state, text_hash
from handouts.errors import ContentError, ContentErrors, HandoutsError, did_you_mean, display_path

FIELDS = ("reviewed_by", "reviewed_on", "reviewed_text")


@dataclass(frozen=True)
class Signed:
    """One sign-off written: what, where, by whom, when, the text's hash and its state before."""

    what: str
    display: str
    by: str
    on: dt.date
    text_hash: str
    before: State


@dataclass
class _File:
    path: Path
    source: SourceFile | None
    model: Block | Condition | None
    problems: list[ContentError]

    @property
    def awaiting(self) -> bool:
        """A translation not made yet: its placeholder text is never printed, nor signed."""
        return self.model is not None and self.model.translated_from == "awaiting"

    def texts(self, lang: str) -> list[Reviewable]:
        if self.source is None or self.model is None or self.problems or self.awaiting:
            return []
        if isinstance(self.model, Condition):
            return list(in_condition_file(self.model, lang, self.source))
        return [in_file(self.model, lang, self.source)]

    def raw_names(self) -> set[str]:
        """The names written in a file that did not validate, to say why it cannot be signed."""
        data = self.source.data if self.source is not None else None
        found = {self.path.name.split(".")[0]}
        if isinstance(data, MarkedDict):
            found |= {data[key] for key in ("id", "slug") if isinstance(data.get(key), str)}
            entries = data.get("blocks")
            for entry in entries if isinstance(entries, MarkedList) else []:
                if isinstance(entry, MarkedDict) and isinstance(entry.get("id"), str):
                    found |= {entry["id"], f"{data.get('slug')}/{entry['id']}"}
        return found | {f"block:{name}" for name in found} | {f"condition:{n}" for n in found}


def sign_off(
    root: Path,
    targets: Sequence[str],
    lang: str | None,
    by: str,
    on: dt.date | str | None = None,
) -> list[Signed]:
    """Sign each named text of one language (None: the only one) as approved by `by` on `on`
    (today when None). Every name is checked before any file is written."""
    by = unicodedata.normalize("NFC", " ".join(by.split()))
    try:
        TypeAdapter(PlainText).validate_python(by)
    except ValidationError as error:
        problem = error.errors()[0]
        why = problem["ctx"]["error"] if problem["type"] == "value_error" else problem["msg"]
        raise HandoutsError(
            f'--by needs the clinician\'s name, e.g. "Ana Ruiz, MD": {why}'
        ) from None
    on = _date(on)
    settings = read_settings(root)
    if lang is None and len(settings.languages) > 1:
        raise HandoutsError(
            "name the language of the text you read: --lang "
            + " or --lang ".join(settings.languages)
            + " (each language's text is signed on its own)"
        )
    lang = lang or settings.base_language
    if lang not in settings.languages:
        hint = did_you_mean(lang, settings.languages, style="clause")
        raise HandoutsError(f"unknown language '{lang}'{hint} (the languages are: "
                            f"{', '.join(settings.languages)})")  # fmt: skip
    base_folder = _base_folder(root)
    files = [
        _load(layer_of(path, root, base_folder), path, model)
        for path, model in _files_of(root, settings, lang, base_folder)
    ]
    texts = [text for each in files for text in each.texts(lang)]
    chosen = [_resolve(target, texts, files, lang) for target in dict.fromkeys(targets)]
    for text in chosen:
        if layer_of(text.source.path, root, base_folder) != root:
            raise HandoutsError(
                f"'{text.qualified}' is inherited: its text is in {text.source.display}, in the "
                f"base folder; sign it there (handouts review --sign {text.qualified} --lang "
                f"{lang} --by … --content {display_path(base_folder or root)}): a sign-off "
                "there holds for every clinic that inherits it"
            )
    return [_sign(root, text, by, on) for text in chosen]


def _date(on: dt.date | str | None) -> dt.date:
    """The sign-off's date: today, or a given day that is not in the future."""
    today = dt.date.today()
    if isinstance(on, str):
        written = on
        try:
            on = dt.date.fromisoformat(written)
        except ValueError:
            raise HandoutsError(
                f"--on must be a date written as YYYY-MM-DD, not '{written[:20]}'"
            ) from None
    on = on or today
    if on > today:
        raise HandoutsError(
            f"--on {on} is in the future; date a sign-off the day you read the text"
        )
    return on


def read_settings(root: Path) -> Settings:
    """settings.yaml alone, checked (the defaults without one): what a command that edits
    files one by one needs, without loading the whole folder."""
    base_folder = _base_folder(root)
    path = find("settings.yaml", root, base_folder)  # a clinic's folder may inherit it
    if not path.exists():
        return Settings()
    source, problems = load_yaml(path, file_display(path), layer_of(path, root, base_folder))
    settings, more = validate_file(source, Settings) if source else (None, [])
    if problems or more or settings is None:
        raise ContentErrors([*problems, *more])
    return settings


def _base_folder(root: Path) -> Path | None:
    """The base folder a clinic's folder inherits; a broken `inherits:` stops the command."""
    if not root.is_dir():
        raise HandoutsError(f"content folder '{root}' not found; pass --content DIR")
    base_folder, problems = content_base(root)
    if problems:
        raise ContentErrors(problems)
    return base_folder


def _files_of(
    root: Path, settings: Settings, lang: str, base_folder: Path | None = None
) -> Iterator[tuple[Path, type]]:
    """The block and condition files of one language, as load.py names them, with the base
    folder's that a clinic's folder does not replace."""
    base = settings.base_language
    for folder, model in (("blocks", Block), ("conditions", Condition)):
        found = [_listed(root / folder), _listed(base_folder / folder if base_folder else None)]
        for path in merged(*found):
            if path.suffix not in (".yaml", ".yml") or path.name.startswith("."):
                continue
            suffix = path.stem.rsplit(".", 1)[1] if "." in path.stem else None
            if (suffix is None and lang == base) or (suffix == lang and lang != base):
                yield path, model


def _listed(folder: Path | None) -> list[Path]:
    return sorted(folder.iterdir()) if folder is not None and folder.is_dir() else []


def _load(root: Path, path: Path, model: type) -> _File:
    source, problems = load_yaml(path, file_display(path), root)
    item, more = validate_file(source, model) if source is not None else (None, [])
    return _File(path, source, item, problems + more)


def _resolve(target: str, texts: list[Reviewable], files: list[_File], lang: str) -> Reviewable:
    found = [text for text in texts if text.qualified == target]
    found = found or [text for text in texts if text.name == target]
    if len(found) == 1:
        return found[0]
    if found:
        spelled = ", ".join(text.qualified for text in found)
        raise HandoutsError(
            f"'{target}' names {len(found)} texts in {lang}; write one of: {spelled}"
        )
    for each in files:
        if each.awaiting and target in each.raw_names():
            raise HandoutsError(
                f"{file_display(each.path)} awaits its translation (translated_from: awaiting): "
                "translate it, run handouts translations --done, then sign it"
            )
        if (each.problems or each.model is None) and target in each.raw_names():
            message = f"'{target}' is in this file, which has problems: fix them, then sign"
            raise ContentErrors(
                [*each.problems, ContentError(file_display(each.path), 0, 0, message)]
            )
    hint = did_you_mean(target, [text.name for text in texts], style="clause")
    raise HandoutsError(
        f"no block or condition '{target}' in {lang}{hint or ''}; handouts review lists what "
        "awaits sign-off"
    )


def _sign(root: Path, text: Reviewable, by: str, on: dt.date) -> Signed:
    """Write one sign-off: read the file afresh, edit its lines, check the result, replace."""
    path = text.source.path
    display = text.source.display
    raw, refused = read_source(path, display, root)
    if raw is None:
        raise ContentErrors([refused] if refused else [])
    item, data = _find(raw, path, display, text)
    signed_hash = text_hash(item)
    values = {"reviewed_by": yaml_scalar(by), "reviewed_on": on.isoformat(),
              "reviewed_text": signed_hash}  # fmt: skip
    edited = edit_fields(raw, values, display, text.what, inline=text.name if text.holder else None)
    new_item, new_data = _find(edited, path, display, text)
    if (
        state(new_item) is not State.SIGNED
        or (new_item.reviewed_by, new_item.reviewed_on) != (by, on)
        or without(new_data, FIELDS) != without(data, FIELDS)
    ):  # never expected: the edit touched only the three fields' lines
        raise HandoutsError(
            f"{display}: the sign-off could not be written safely; nothing was changed"
        )
    replace_file(path.resolve(), raw, edited)
    return Signed(text.what, display, by, on, signed_hash, state(item))


def _find(raw: bytes, path: Path, display: str, text: Reviewable) -> tuple[Any, Any]:
    """The text in a file's bytes, validated: (the block or condition, the file's data)."""
    source, problems = parse_yaml(raw, path, display)
    kind: type[Block | Condition] = Block
    if text.holder is not None or isinstance(text.item, Condition):
        kind = Condition
    model: Any
    model, more = validate_file(source, kind) if source is not None else (None, [])
    if problems or more or model is None:
        raise ContentErrors([*problems, *more])
    assert source is not None
    if text.holder is None:
        return model, source.data
    for entry in model.blocks:
        if isinstance(entry, Block) and entry.id == text.name:
            return entry, source.data
    raise HandoutsError(f"{display}: block '{text.name}' is gone; run handouts review again")


def without(data: Any, fields: Sequence[str]) -> Any:
    """A file's data without these fields, as plain data: what an edit of them must leave as
    it was."""
    if isinstance(data, dict):
        return {key: without(value, fields) for key, value in data.items() if key not in fields}
    return [without(value, fields) for value in data] if isinstance(data, list) else data


def yaml_scalar(value: str) -> str:
    """A name as YAML: plain when it reads back as itself, else in double quotes."""
    try:
        if "#" not in value and yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def edit_fields(
    raw: bytes,
    values: dict[str, str],
    display: str,
    what: str,
    *,
    inline: str | None = None,
    after: Sequence[str] = ("revised",),
) -> bytes:
    """The file with each field set on its own line (values written as YAML), every other byte
    kept. A field not there yet goes after the last one that is, else after the first key of
    `after` present, else after the mapping's last line. `inline`: the fields of the block of
    that id written inline in a condition, rather than the file's own. `what` names it in
    messages. Also used by `handouts translations --done` and `handouts new`."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    newline = "\r\n" if b"\r\n" in raw else "\r" if b"\r" in raw else "\n"
    content = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    mapping = _mapping(yaml.compose(content, Loader=yaml.SafeLoader), inline)
    if not isinstance(mapping, yaml.MappingNode) or mapping.flow_style or not mapping.value:
        raise HandoutsError(
            f"{display}: {what} is written in {{…}} form; write it as 'key: value' lines "
            "to change it here"
        )
    lines = content.split("\n")
    pairs = {key.value: (key, value) for key, value in mapping.value}
    indent = mapping.value[0][0].start_mark.column
    anchor = next(
        (_last_line(pairs[key][1]) for key in after if key in pairs),
        _last_line(mapping.value[-1][1]),
    )
    replaced: dict[int, str] = {}
    inserted: dict[int, list[str]] = {}
    for field, value_text in values.items():
        written = f"{field}: {value_text}".rstrip()
        if field not in pairs:
            inserted.setdefault(anchor, []).append(" " * indent + written)
            continue
        key, value = pairs[field]
        line = key.start_mark.line
        rest = lines[line][value.end_mark.column :]
        if (
            not isinstance(value, yaml.ScalarNode)
            or value.end_mark.line != line
            or (rest.strip() and not rest.strip().startswith("#"))
        ):
            raise HandoutsError(
                f"{display}:{line + 1}: write '{field}' on one line, to change {what} here"
            )
        replaced[line] = lines[line][: key.start_mark.column] + written + rest.rstrip()
        anchor = line
    out: list[str] = []
    for number, line in enumerate(lines):
        out.append(replaced.get(number, line))
        out += inserted.get(number, [])
    data = newline.join(out).encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def _mapping(root: yaml.Node | None, inline: str | None) -> yaml.Node | None:
    """The node of the text's own fields: the file's top mapping, or an inline block's."""
    if inline is None or not isinstance(root, yaml.MappingNode):
        return root
    for key, value in root.value:
        if key.value == "blocks" and isinstance(value, yaml.SequenceNode):
            for entry in value.value:
                if isinstance(entry, yaml.MappingNode) and any(
                    k.value == "id" and getattr(v, "value", None) == inline for k, v in entry.value
                ):
                    return entry
    return None


def _last_line(node: yaml.Node) -> int:
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def replace_file(path: Path, before: bytes, after: bytes) -> None:
    """Put the edited file in place, whole, keeping its permissions; refuse if it changed."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(after)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        if path.read_bytes() != before:
            raise HandoutsError(f"{path.name} changed while it was being edited; run it again")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
