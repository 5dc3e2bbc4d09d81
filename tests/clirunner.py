"""Typer's test runner, with the app's click command built once per test process.

Typer builds the click command again from every command's signature on each `invoke` (about
8 ms: it evaluates each parameter's annotation); the suite invokes the app in-process about
750 times. The command is the one `cli.main()` builds for the console script, so nothing the
user runs differs; only the rebuilding is skipped."""

from __future__ import annotations

from functools import cache
from typing import Any
from unittest import mock

import typer.main
import typer.testing
from typer.testing import Result


@cache
def _command(app: typer.Typer) -> Any:
    return typer.main.get_command(app)


class CliRunner(typer.testing.CliRunner):
    def invoke(self, app: typer.Typer, args: Any = None, **kwargs: Any) -> Result:  # type: ignore[override]
        with mock.patch.object(typer.testing, "_get_command", _command):
            return super().invoke(app, args, **kwargs)
