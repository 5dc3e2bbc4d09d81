"""The command line's process around its commands: the one mapping from failures to messages
and exit codes (`outcome`), Ctrl-C (`CtrlC`), and the console script's start and exit (`run`).

cli.py keeps the commands' signatures and the calls they make; each command body runs inside
`outcome`, so a user's mistake prints plainly and exits 1, an interrupt says so and exits 130,
and an unexpected failure while patient data is loaded keeps its details to itself."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import typer

from handouts.console import OutlivesItsReader
from handouts.errors import ContentErrors, HandoutsError, Interrupted


@contextlib.contextmanager
def outcome(*, personal: bool = False) -> Iterator[None]:
    """The one mapping from failures to messages. A user's mistake prints plainly and exits 1.
    An unexpected failure while patient data is loaded keeps its details to itself (they could
    hold that data); without the personal options it is a real bug and keeps its traceback."""
    try:
        yield
    except Interrupted as stopped:
        CtrlC.report(str(stopped))
        raise typer.Exit(130) from None
    except KeyboardInterrupt:
        CtrlC.report("nothing was written")
        raise typer.Exit(130) from None
    except HandoutsError as error:
        if CtrlC.pressed:  # a library swallowed the KeyboardInterrupt and failed instead
            written = "nothing was written" if isinstance(error, ContentErrors) else "stopped early"
            CtrlC.report(f"{written}; run the command again")
            raise typer.Exit(130) from None
        if isinstance(error, ContentErrors):
            for problem in error.errors:
                typer.echo(problem, err=True)
            count = len(error.errors)
            typer.echo(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True
            )
        else:
            typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    except typer.Exit:
        raise
    except Exception:
        if CtrlC.pressed:
            CtrlC.report("stopped early; run the command again")
            raise typer.Exit(130) from None
        if not personal:
            raise
        typer.echo(
            "error: the personalised copy could not be made (an internal error; details are "
            "withheld because they could contain patient data). Run the same command without "
            "--patient, --provider, --visit-date and --note to see them.",
            err=True,
        )
        raise typer.Exit(1) from None


class CtrlC:
    """The console script's SIGINT handler: it notes the interrupt, then raises
    KeyboardInterrupt as Python's own does. A library that catches every exception (svglib
    turns a failed parse into None, which we report as an unreadable picture) can swallow the
    KeyboardInterrupt; the note lets the command still say "interrupted" and exit 130, not blame
    a good file. Only the console script installs it; `app` run in-process leaves SIGINT alone."""

    pressed = False
    reported = False

    @classmethod
    def install(cls) -> None:
        import signal

        signal.signal(signal.SIGINT, cls._handle)

    @classmethod
    def _handle(cls, signum: int, frame: object) -> None:
        cls.pressed = True
        raise KeyboardInterrupt

    @classmethod
    def report(cls, what: str) -> None:
        cls.reported = True
        typer.echo(f"interrupted: {what}", err=True)


def run(app: typer.Typer) -> None:
    """The console script: run `app`, then end the process with its exit code.

    Pydantic's plugin discovery scans every installed package's metadata (about 7 ms of each
    start) and we use no plugin, so this process, which is ours, turns it off; importing the
    package or `app` changes nothing. It ends with os._exit once the output is flushed:
    tearing the interpreter down (freeing pydantic's and ReportLab's objects one by one) took
    about 45 ms, a tenth of a cold build, and every file is closed and every worker joined
    before a command returns. Tests and scripts that run the app in-process call `app`.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    OutlivesItsReader.install()
    CtrlC.install()
    try:
        app(prog_name="handouts")
        code: Any = 0
    except SystemExit as stop:
        code = stop.code
    if code == 130 and not CtrlC.reported:  # Ctrl-C before a command started (Typer is silent)
        CtrlC.report("nothing was written")
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):  # closed, or None
            stream.flush()
    os._exit(code)
