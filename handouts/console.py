"""What the command line shows and asks besides the engine's own messages: progress while
building, the open password's prompt, a PDF on standard output. cli.py keeps the commands and
the one mapping from errors to messages; a web app or a script needs none of this."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import typer

from handouts.errors import HandoutsError


def personal_options(
    patient: str | None, provider: str | None, visit_date: str | None, note: str | None,
    encrypt: bool, password_env: str | None,
) -> dict[str, Any]:  # fmt: skip
    """The Options fields a personalised or encrypted copy sets."""
    from handouts.content.personal import personal_from_options

    return {
        "personal": personal_from_options(patient, provider, visit_date, note),
        "password": ask_password(encrypt, password_env),
    }


def ask_password(encrypt: bool, password_env: str | None) -> str | None:
    """The open password, from the environment or a hidden prompt; never from the command line."""
    if not encrypt:
        if password_env:
            raise HandoutsError("--password-env goes with --encrypt")
        return None
    if password_env:
        value = os.environ.get(password_env)
        if not value:
            raise HandoutsError(f"the environment variable {password_env} is not set or is empty")
        return value
    if not sys.stdin.isatty():
        raise HandoutsError("no terminal to ask for a password: use --password-env NAME")
    return str(typer.prompt("Password for the PDF", hide_input=True, confirmation_prompt=True))


def to_stdout(built: list[Any]) -> None:
    """The PDF on standard output (-o -), for a pipe or a mail program; a note on stderr."""
    for one in built:
        if one.data is not None:
            sys.stdout.buffer.write(one.data)
            sys.stdout.buffer.flush()
            typer.echo(f"wrote standard output  ({one.pages} pages)", err=True)


class BuildReporter:
    """A progress bar on a terminal; one plain line per file otherwise (CI, pipes, logs)."""

    def __init__(self, *, quiet: bool, as_json: bool):
        self.quiet, self.as_json = quiet, as_json
        self.progress: Any = None
        if sys.stdout.isatty() and not os.environ.get("CI") and not quiet and not as_json:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                transient=True,
            )  # fmt: skip
            self.task = self.progress.add_task("building", total=None)

    def __enter__(self) -> BuildReporter:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def report(self, built: Any) -> None:
        if self.as_json:
            record = {
                "path": str(built.path), "condition": built.condition, "language": built.lang,
                "pages": built.pages, "bytes": built.size,
                "status": "unchanged" if built.skipped else "written",
                "warnings": list(built.warnings),
            }  # fmt: skip
            typer.echo(json.dumps(record, ensure_ascii=False))
            return
        if self.progress is not None:
            self.progress.update(self.task, advance=1, description=built.path.name)
        elif not self.quiet:
            pages = f"{built.pages} page{'s' if built.pages != 1 else ''}"
            verb = "unchanged" if built.skipped else "wrote"
            typer.echo(f"{verb} {built.path}  ({pages}, {built.size / 1024:.0f} KB)")
        if not self.quiet:  # a warning, not a failure: the file is written all the same
            for warning in built.warnings:
                self._warn(f"warning: {warning}")

    def _warn(self, line: str) -> None:
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False)
        else:
            typer.echo(line, err=True)
