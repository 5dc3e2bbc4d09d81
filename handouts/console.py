"""What the command line shows and asks besides the engine's own messages: progress while
building and what it wrote, the open password's prompt, a PDF on standard output, `check` for
CI (GitHub annotations, JSON), shell completion, and a standard output whose reader may leave
early. cli.py keeps the commands and the one mapping from errors to messages; a web app or a
script needs none of this."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer

from handouts.errors import ContentError, ContentErrors, HandoutsError

if TYPE_CHECKING:
    from handouts.options import Options
    from handouts.render.pagefill import PageFit


def show_version(shown: bool) -> None:
    """--version, -V: `handouts 0.1.0`, before any other option is read."""
    if shown:
        from handouts.version import __version__

        typer.echo(f"handouts {__version__}")
        raise typer.Exit()


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
            typer.echo(_file_line(built))
        if not self.quiet:  # a warning, not a failure: the file is written all the same
            for warning in built.warnings:
                self._warn(f"warning: {warning}")

    def finish(self, result: Any, options: Options) -> None:
        """After the build: on a terminal, the paths the bar hid (every personal or encrypted
        copy, the one file of a catalog build of one), then the catalog page and the totals."""
        from handouts.options import default_workers

        jobs, cpus = options.jobs, default_workers()
        if jobs is not None and result.workers < jobs and result.workers == cpus:
            note = f"note: --jobs {jobs} is more than this machine's CPUs; used "
            typer.echo(f"{note}{result.workers}", err=True)
        for line in [] if self.quiet else result.not_built:  # an English draft before its Spanish
            typer.echo(f"warning: {line}", err=True)
        if self.quiet or self.as_json:
            return
        private = options.personal is not None or options.password is not None
        written = result.written
        if self.progress is not None:
            if private or len(result.built) == 1:
                shown = result.built
            else:  # a catalog build: its folder and count below, and the one file it wrote
                shown = written if len(written) == 1 else []
            for built in shown:
                typer.echo(_file_line(built))
        if result.catalog is not None:
            typer.echo(f"wrote {result.catalog}  (catalog page)")
        skipped = len(result.built) - len(written)
        where = "" if private else f" in {options.out.as_posix().rstrip('/')}/"
        summary = f"{len(written)} handout{'s' if len(written) != 1 else ''} built{where}"
        typer.echo(summary + (f", {skipped} unchanged." if skipped else "."))

    def _warn(self, line: str) -> None:
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False)
        else:
            typer.echo(line, err=True)


def report_stale(problems: list[str], out: Path) -> int:
    """`build --check`: each file out of date, then how many; the exit code (1 if any)."""
    for line in problems:
        typer.echo(line, err=True)
    if problems:
        typer.echo(f"{len(problems)} files out of date; run handouts build", err=True)
        return 1
    typer.echo(f"ok: {out} matches the content")
    return 0


def review_output(
    content: Path, lang: str, sign: list[str], by: str | None, on: str | None
) -> list[str]:
    """`review`: what awaits sign-off; with --sign, each text signed (docs/signoff.md)."""
    from handouts.api import load_library
    from handouts.content.review import review_lines
    from handouts.content.signing import sign_off
    from handouts.options import ALL

    if not sign:
        if by is not None or on is not None:
            raise HandoutsError("--by and --on go with --sign ID")
        library = load_library(content)
        library.check_names((), None, lang)
        return review_lines(library, None if lang == ALL else lang)
    if by is None:
        raise HandoutsError('--sign needs --by with the clinician\'s name, e.g. "Ana Ruiz, MD"')
    return [
        f"signed {signed.what} in {signed.display}: {signed.by}, {signed.on}, "
        f"{signed.text_hash}" + (" (signed again)" if signed.before == "signed" else "")
        for signed in sign_off(content, sign, None if lang == ALL else lang, by, on)
    ]


def translations_output(content: Path, lang: str, done: list[str]) -> list[str]:
    """`translations`: every translation's state; with --done, what was marked up to date."""
    from handouts.api import load_library, mark_translated
    from handouts.content.marking import marked_lines
    from handouts.content.translations import listing
    from handouts.options import ALL

    if done:
        return marked_lines(mark_translated(content, done, lang=lang))
    library = load_library(content)
    library.check_names((), None, lang)
    return listing(library, None if lang == ALL else lang)


def _file_line(built: Any) -> str:
    pages = f"{built.pages} page{'s' if built.pages != 1 else ''}"
    verb = "unchanged" if built.skipped else "wrote"
    return f"{verb} {built.path}  ({pages}, {built.size / 1024:.0f} KB)"


# ---- standard output whose reader may leave early --------------------------------------


class OutlivesItsReader:
    """sys.stdout for the console script. When its reader has gone (`handouts list | head -1`),
    the rest of the output goes to /dev/null and the command carries on to its own exit code,
    with no traceback: a build still publishes everything, `check` still fails on a problem.
    (Click would stop the command and exit 1.)"""

    def __init__(self, stream: TextIO):
        self._stream = stream

    @classmethod
    def install(cls) -> None:
        if sys.stdout is not None:  # None when started with standard output closed
            sys.stdout = cls(sys.stdout)  # type: ignore[assignment]

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._discard()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._discard()

    def _discard(self) -> None:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, self._stream.fileno())  # what is still buffered is flushed there
        os.close(null)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


# ---- check's findings for CI: GitHub annotations or JSON -------------------------------


def report_for_ci(content: Path, strict: bool, output_format: str) -> int:
    """`handouts check --format github|json`: every finding, located, and nothing else on
    standard output; the exit code is check's (1 on any problem)."""
    problems, warnings, fits = check_findings(content, strict)
    if output_format == "json":
        typer.echo(findings_json(problems, warnings, [fit.as_json() for fit in fits]))
    elif problems or warnings:
        typer.echo(github_annotations(problems, warnings))
    return 1 if problems else 0


def check_findings(
    content: Path, strict: bool
) -> tuple[list[ContentError], list[ContentError], list[PageFit]]:
    """Every problem and warning `handouts check` finds, located, and the page fit of every
    handout (none when the content did not load): (problems, warnings, fits). A text awaiting
    sign-off, a translation not current and a TODO left are a warning each, or with `strict`
    a problem."""
    from handouts.build.run import check_content
    from handouts.content.review import signoff_errors
    from handouts.quality import quality_report

    try:
        library = check_content(content)
    except ContentErrors as found:
        return found.errors, [], []
    except HandoutsError as error:  # no content folder: a problem with no file
        return [ContentError("", 0, 0, str(error))], [], []
    report = quality_report(library, strict=strict)
    waiting = [] if strict else signoff_errors(library)
    return sorted(set(report.errors)), sorted(set(report.warnings + waiting)), report.pages


def _escape(text: str, *, in_property: bool = False) -> str:
    """GitHub's workflow-command escaping (actions/toolkit's escapeData and escapeProperty)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def github_annotations(problems: Iterable[ContentError], warnings: Iterable[ContentError]) -> str:
    """`::error file=…,line=…,col=…::message`, a line per finding, for a GitHub Actions log."""
    lines = []
    for level, found in [("error", p) for p in problems] + [("warning", w) for w in warnings]:
        where = {"file": found.path} if found.path else {}
        if found.line > 0:
            where |= {"line": str(found.line), "col": str(found.column)}
        fields = ",".join(
            f"{key}={_escape(value, in_property=True)}" for key, value in where.items()
        )
        lines.append(f"::{level}{' ' if fields else ''}{fields}::{_escape(found.message)}")
    return "\n".join(lines)


def findings_json(
    problems: list[ContentError], warnings: list[ContentError], pages: list[Any] | None = None
) -> str:
    """One JSON document: {"ok", "problems", "warnings", "pages"}, each finding located (or
    null), and the page fit of each handout in each language (render/pagefill.py: pages,
    limit, each page's fill, where it runs over)."""

    def entry(found: ContentError, severity: str) -> dict[str, Any]:
        located = found.line > 0
        return {
            "file": found.path or None, "line": found.line if located else None,
            "column": found.column if located else None, "message": found.message,
            "severity": severity,
        }  # fmt: skip

    document = {
        "ok": not problems,
        "problems": [entry(found, "error") for found in problems],
        "warnings": [entry(found, "warning") for found in warnings],
        "pages": pages or [],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


# ---- shell completion: names read from the content folder, cheaply ---------------------


def _content_data(path: Path) -> Any:
    """A content file's data for completion, or None. Only a regular file (a FIFO would hang
    the shell), read with the loader's limits; no validation, no pydantic, no ReportLab."""
    from handouts.content.loader import MAX_FILE_BYTES, parse_yaml

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        raw = handle.read(MAX_FILE_BYTES + 1)
    source, _ = parse_yaml(raw[:MAX_FILE_BYTES], path, path.name)
    return source.data if source is not None else None


def _names(ctx: typer.Context, kind: str) -> list[str]:
    from handouts.options import DEFAULT_OPTIONS

    root = Path(ctx.params.get("content") or DEFAULT_OPTIONS.content)
    brand = _content_data(root / "brand.yaml")
    if kind == "clinic":
        return [loc["slug"] for loc in brand["locations"] if isinstance(loc.get("slug"), str)]
    inherits = brand.get("inherits") if isinstance(brand, dict) else None
    folders = [root, *([root / inherits] if isinstance(inherits, str) else [])]  # a clinic's base
    if kind == "lang":
        found = [f / "settings.yaml" for f in folders if (f / "settings.yaml").exists()]
        settings = _content_data(found[0]) if found else {}
        return [*(settings.get("languages") or {"en": None}), "all"]  # Settings' default: en
    slugs = []
    paths = {p.name: p for f in reversed(folders) for p in (f / "conditions").glob("*.yaml")}
    for path in (paths[name] for name in sorted(paths)):  # the clinic's own replace the base's
        if "." not in path.stem and path.is_file():  # the base language's; not a FIFO
            data = _content_data(path)
            slug = data.get("slug") if isinstance(data, dict) else None
            slugs.append(slug if isinstance(slug, str) else path.stem)
    return slugs


def completer(kind: str) -> Any:
    """Shell completion of a name from the content folder (--content, if given first):
    'condition', 'lang' or 'clinic'. A broken or missing folder completes nothing."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            names = _names(ctx, kind)
        except Exception:
            return []
        given = ctx.params.get("conditions") or ctx.params.get("handouts") or ()
        given = set(given) if kind == "condition" else set()
        return [name for name in names if name.startswith(incomplete) and name not in given]

    return complete
