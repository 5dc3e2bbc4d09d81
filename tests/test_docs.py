"""The docs tell the truth: every `handouts` command in them works, and every part kind is in
the content reference with an example that loads and a picture of what it prints.

Commands are read from the fenced code blocks of README.md and docs/*.md (README first, then
docs/ by name), and run for real, in document order, in one copy of the shipped content (and
examples/), as a reader following the docs would: through `cli.app` in-process. A command's
comment may say `exits 1` (a check that fails on the shipped drafts): then 1 is expected,
otherwise 0. Absolute paths under /tmp/ are moved into the copy. Only the commands in
`PARSED_ONLY` are not run, each for its reason; their options are still parsed by the real
command. Pipes and redirections end a command (`handouts list | head -1` runs `handouts list`).
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import typing
from pathlib import Path
from types import ModuleType

import pydantic
import pytest
import typer.main
from PIL import Image

from cli import app
from handouts import ContentErrors, load_library
from handouts.parts import BY_NAME, PART_KINDS
from tests.clirunner import CliRunner
from tests.conftest import ROOT, SHIPPED_CONTENT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

PARSED_ONLY = {
    "serve": "starts a server that runs until Ctrl+C",
    "--install-completion": "edits the reader's shell start-up file",
    "--encrypt": "asks for the password at a terminal (unless --password-env names a variable)",
}
"""What a command containing this word needs that a test cannot give it, and so is parsed
(every option and value checked by the real command) but not run."""

_FENCE = re.compile(r"^```(?P<lang>[a-z]*)\n(?P<code>.*?)^```", re.M | re.S)
_ENDS = {"|", "||", "&&", ";", ">", ">>", "2>", "2>&1", "<", "&"}
_PROGRAMS = {"handouts", ".venv/bin/handouts"}


def documented_commands() -> list[tuple[str, str, list[str], dict[str, str], int]]:
    """(where, as written, arguments, environment, exit code expected), in reading order."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for fence in _FENCE.finditer(text):
            if fence["lang"] not in ("", "sh", "bash", "shell", "console"):
                continue
            number = text.count("\n", 0, fence.start("code"))
            lines = iter(fence["code"].splitlines())
            for line in lines:
                number += 1
                first = number
                while line.endswith("\\"):  # continued on the next line
                    line = line[:-1] + " " + next(lines, "")
                    number += 1
                command = _command(line.removeprefix("$ "))
                if command:
                    args, env = command
                    expected = 1 if re.search(r"#.*\bexits 1\b", line) else 0
                    where = f"{doc.relative_to(ROOT)}:{first}"
                    found.append((where, line.strip(), args, env, expected))
    return found


def _command(line: str) -> tuple[list[str], dict[str, str]] | None:
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        return None
    env = {}
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    if not words or words[0] not in _PROGRAMS:
        return None
    args = []
    for word in words[1:]:
        if word in _ENDS or word.startswith(">"):
            break
        args.append(word)
    return args, env


def test_the_docs_have_commands_to_check() -> None:
    """The extraction itself: a change of fence or prompt style must not silently check less."""
    commands = documented_commands()
    assert len(commands) >= 30
    assert ["build"] in [args for _, _, args, _, _ in commands]
    assert ["check"] in [args for _, _, args, _, _ in commands]
    personal = [
        args for _, _, args, _, _ in commands if args[:4] == ["build", "migraine", "--lang", "en"]
    ]
    assert any("--visit-date" in args for args in personal)  # continued lines are read whole


def test_every_command_in_the_docs_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SHIPPED_CONTENT, tmp_path / "content")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    failures = []
    for where, line, written, env, expected in documented_commands():
        args = [str(tmp_path / a[5:]) if a.startswith("/tmp/") else a for a in written]
        if "--password-env" in args[:-1]:  # the reader has set the variable it names
            env = {**env, args[args.index("--password-env") + 1]: "a long test password"}
        elif any(word in args for word in PARSED_ONLY):
            problem = _parse_only(args)
            if problem:
                failures.append(f"{where}: {line}\n    {problem}")
            continue
        result = runner.invoke(app, args, env=env, catch_exceptions=True)
        crashed = not isinstance(result.exception, (SystemExit, type(None)))
        if result.exit_code != expected or crashed:
            said = " / ".join((result.output or "").strip().splitlines()[-3:])
            problem = f"exit {result.exit_code}, expected {expected}: {said}"
            if crashed:
                problem += f" ({result.exception!r})"
            failures.append(f"{where}: {line}\n    {problem}")
    assert not failures, "commands in the docs that do not work:\n" + "\n".join(failures)


def _parse_only(args: list[str]) -> str | None:
    """Parse with the real command, without running it: unknown options, missing or wrongly
    typed values fail here just as they would for the reader."""
    group: typing.Any = typer.main.get_command(app)
    if "--install-completion" in args:  # an eager option: parsing it would install it
        known = {opt for param in group.params for opt in param.opts}
        unknown = [a for a in args if a.startswith("-") and a not in known]
        return f"no option {unknown}" if unknown else None
    try:
        with group.make_context("handouts", list(args), resilient_parsing=False) as ctx:
            words = [*getattr(ctx, "_protected_args", []), *ctx.args]  # the subcommand's
            name, command, rest = group.resolve_command(ctx, words)
            assert command is not None
            command.make_context(str(name), rest, parent=ctx)
    except typer.exceptions.TyperException as error:  # Click's usage errors, as Typer has them
        return str(getattr(error, "format_message", error.__str__)())
    return None


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_in_the_docs_leads_somewhere() -> None:
    """Files and pictures the docs link to exist, and so do the headings their #anchors name."""
    broken = []
    for doc in DOCS:
        text = re.sub(r"`[^`]*`", "", _FENCE.sub("", doc.read_text(encoding="utf-8")))
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            path, _, anchor = target.partition("#")
            linked = (doc.parent / path).resolve() if path else doc
            if not linked.exists():
                broken.append(f"{doc.relative_to(ROOT)}: {target}: no such file")
            elif anchor and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", _FENCE.sub("", linked.read_text("utf-8")), re.M)
                if anchor not in {_anchor(h) for h in headings}:
                    broken.append(f"{doc.relative_to(ROOT)}: {target}: no such heading")
    assert not broken, "\n".join(broken)


# ---- the content reference ---------------------------------------------------------------


def _pictures_script() -> ModuleType:
    path = ROOT / "docs" / "reference" / "make_pictures.py"
    spec = importlib.util.spec_from_file_location("make_pictures", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fields(kind: type[pydantic.BaseModel]) -> set[str]:
    """The YAML keys an author writes for a kind: its own key, and the keys of the models
    under it (callout's title, text, items, tone; a diary column's label…)."""
    keys: set[str] = set()
    pending = [field.annotation for field in kind.model_fields.values()]
    while pending:
        annotation = pending.pop()
        if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
            for name, field in annotation.model_fields.items():
                keys.add(field.alias or name)
                pending.append(field.annotation)
        pending.extend(typing.get_args(annotation))
    return keys or {kind.kind}  # type: ignore[attr-defined]


def test_every_part_kind_is_in_the_content_reference(tmp_path: Path) -> None:
    script = _pictures_script()
    reference = (ROOT / "docs" / "content-reference.md").read_text(encoding="utf-8")
    examples = script.examples(reference)
    assert set(examples) == set(PART_KINDS), (
        "document each kind under ### `kind`, with a ```yaml example"
    )
    problems = []
    for kind, example in examples.items():
        section = reference.split(f"### `{kind}`", 1)[1].split("\n### ", 1)[0]
        if not example.startswith(f"- {kind}:"):
            problems.append(f"{kind}: the example must be one part, '- {kind}: …'")
        missing = sorted(key for key in _fields(BY_NAME[kind]) if f"`{key}`" not in section)
        if missing:
            problems.append(f"{kind}: its section does not explain {missing}")
        picture = ROOT / "docs" / "reference" / f"{kind}.png"
        if f"](reference/{kind}.png)" not in section or not picture.exists():
            problems.append(f"{kind}: no picture (run docs/reference/make_pictures.py)")
        else:
            with Image.open(picture) as image:
                darkest = typing.cast(tuple[int, int], image.convert("L").getextrema())[0]
                if image.width < 100 or image.height < 30 or darkest > 100:
                    problems.append(f"{kind}: {picture.name} shows nothing")
    assert not problems, "\n".join(problems)
    script.write_content(tmp_path / "content", examples)
    try:
        library = load_library(tmp_path / "content")  # the real loader, every check it runs
    except ContentErrors as errors:
        pytest.fail("examples that do not load:\n" + "\n".join(map(str, errors.errors)))
    for kind in examples:
        assert [part.kind for part in library.blocks[script.slug(kind)].body] == [kind]
