"""The `handouts` command: arguments in, messages out. The work happens in the handouts package."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from handouts.errors import ContentErrors, HandoutsError

# No pydantic plugins in the command: we use none, and discovering them scans every installed
# package's metadata (about 7 ms of each start). Set before any model class is made (the
# commands import the models lazily); a plugin would also see every content value validated.
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"

app = typer.Typer(
    name="handouts",
    help="Make patient-education PDF handouts from the YAML files in content/.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # patient text must never land in a traceback
    rich_markup_mode=None,
)


class Paper(StrEnum):
    letter = "letter"
    a4 = "a4"
    all = "all"


LargePrint = Annotated[
    bool, typer.Option("--large-print", help="18 pt body text for readers with low vision.")
]
Patient = Annotated[
    str | None,
    typer.Option(
        "--patient",
        help="Patient's name for a personalised copy (page 1 only; never "
        "in file names or PDF metadata).",
        show_default=False,
    ),
]
Provider = Annotated[
    str | None, typer.Option("--provider", help="Provider's name.", show_default=False)
]
VisitDate = Annotated[
    str | None, typer.Option("--visit-date", help="Visit date, YYYY-MM-DD.", show_default=False)
]
Note = Annotated[
    str | None,
    typer.Option("--note", help="A short note for the patient (a few lines).", show_default=False),
]
Encrypt = Annotated[
    bool,
    typer.Option(
        "--encrypt",
        help="Protect the PDF with an open password (AES-256), asked for "
        "at a hidden prompt. Printing and copying stay allowed.",
    ),
]
PasswordEnv = Annotated[
    str | None,
    typer.Option(
        "--password-env",
        metavar="NAME",
        help="With --encrypt: read the password from "
        "this environment variable instead of a prompt (for scripts).",
        show_default=False,
    ),
]


def _password(encrypt: bool, password_env: str | None) -> str | None:
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


ContentOption = Annotated[
    Path,
    typer.Option("--content", help="Folder with brand.yaml, blocks/ and conditions/."),
]


def _withheld() -> typer.Exit:
    """An unexpected failure while patient data is loaded: its details could contain that
    data, so they are not shown. Running without the personal options shows them."""
    typer.echo(
        "error: the personalised copy could not be made (an internal error; details are "
        "withheld because they could contain patient data). Run the same command without "
        "--patient, --provider, --visit-date and --note to see them.",
        err=True,
    )
    return typer.Exit(1)


def _fail(error: HandoutsError) -> typer.Exit:
    """Print a user's mistake plainly and choose exit code 1 (content or names)."""
    if isinstance(error, ContentErrors):
        for problem in error.errors:
            typer.echo(problem, err=True)
        count = len(error.errors)
        typer.echo(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True
        )
    else:
        typer.echo(f"error: {error}", err=True)
    return typer.Exit(1)


@app.command()
def build(
    conditions: Annotated[
        list[str] | None,
        typer.Argument(
            help="Conditions to build, e.g. migraine. None given: build them all.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder the PDFs are written to.")] = Path(
        "out"
    ),
    content: ContentOption = Path("content"),
    clinic: Annotated[
        str | None,
        typer.Option(
            "--clinic",
            help="List only this clinic (its slug, e.g. manhattan). Default: every clinic.",
            show_default=False,
        ),
    ] = None,
    paper: Annotated[
        Paper,
        typer.Option(
            "--paper",
            help="Paper size. Default: all, every size in settings.yaml's papers (letter "
            "unless it lists more).",
        ),
    ] = Paper.all,
    lang: Annotated[
        str,
        typer.Option("--lang", help="Language code from settings.yaml (en, es, …) or all."),
    ] = "all",
    large_print: LargePrint = False,
    patient: Patient = None,
    provider: Provider = None,
    visit_date: VisitDate = None,
    note: Note = None,
    encrypt: Encrypt = False,
    password_env: PasswordEnv = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes. Default: the number of CPUs.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild files the manifest shows as unchanged.")
    ] = False,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing: exit 1 listing every file in --out that is "
            "stale or missing (for CI).",
        ),
    ] = False,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            metavar="K/N",
            help="Build only part K of N of the catalog, "
            "for a CI matrix (a stable split: all N parts make the whole).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per file on standard output.")
    ] = False,
) -> None:
    """Build PDF handouts (and out/index.html), printing each file written with its size.

    Unchanged files are skipped: out/manifest.json records what each file was built from.
    """
    from handouts.batch import default_workers, parse_shard
    from handouts.build import BuildOptions, build_catalog, stale_outputs
    from handouts.personal import personal_from_options

    try:
        personal = personal_from_options(patient, provider, visit_date, note)
        options = BuildOptions(
            content=content, out=out, conditions=tuple(conditions or ()), clinic=clinic,
            paper=paper.value, lang=lang, jobs=jobs or default_workers(), force=force,
            shard=parse_shard(shard) if shard else None, large_print=large_print,
            personal=personal, password=_password(encrypt, password_env),
        )  # fmt: skip
        if check_only:
            problems = stale_outputs(options)
            for line in problems:
                typer.echo(line, err=True)
            if problems:
                typer.echo(f"{len(problems)} files out of date; run handouts build", err=True)
                raise typer.Exit(1)
            typer.echo(f"ok: {out} matches the content")
            return
        with _BuildReporter(quiet=quiet, as_json=as_json) as reporter:
            result = build_catalog(options, on_built=reporter.report)
    except HandoutsError as error:
        raise _fail(error) from None
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception:
        if patient is None:
            raise
        raise _withheld() from None
    if quiet or as_json:
        return
    if result.catalog is not None:
        typer.echo(f"wrote {result.catalog}  (catalog page)")
    written, skipped = len(result.written), len(result.built) - len(result.written)
    summary = f"{written} handout{'s' if written != 1 else ''} built"
    typer.echo(summary + (f", {skipped} unchanged." if skipped else "."))


class _BuildReporter:
    """A progress bar on a terminal; one plain line per file otherwise (CI, pipes, logs)."""

    def __init__(self, *, quiet: bool, as_json: bool):
        self.quiet = quiet
        self.as_json = as_json
        interactive = sys.stdout.isatty() and not os.environ.get("CI")
        self.progress: Any = None
        if interactive and not quiet and not as_json:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                transient=True,
            )  # fmt: skip
            self.task = self.progress.add_task("building", total=None)

    def __enter__(self) -> _BuildReporter:
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
            }  # fmt: skip
            typer.echo(json.dumps(record, ensure_ascii=False))
        elif self.progress is not None:
            self.progress.update(self.task, advance=1, description=built.path.name)
        elif not self.quiet:
            kb = built.size / 1024
            pages = f"{built.pages} page{'s' if built.pages != 1 else ''}"
            verb = "unchanged" if built.skipped else "wrote"
            typer.echo(f"{verb} {built.path}  ({pages}, {kb:.0f} KB)")


@app.command()
def catalog(
    out: Annotated[Path, typer.Option("--out", help="Folder with the PDFs.")] = Path("out"),
    content: ContentOption = Path("content"),
) -> None:
    """Write out/index.html: a searchable page of every handout in the folder, to print from."""
    from handouts.catalog import write_catalog
    from handouts.validate import load_library

    try:
        if not out.is_dir():
            raise HandoutsError(f"folder '{out}' not found; run 'handouts build' first")
        path = write_catalog(out, load_library(content).brand.name)
    except HandoutsError as error:
        raise _fail(error) from None
    typer.echo(f"wrote {path}  (catalog page)")


@app.command()
def packet(
    handouts: Annotated[
        list[str], typer.Argument(help="Handouts to merge, in order, e.g. migraine aftercare.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="The packet's file. Default: out/packet-<names>.pdf.",
            show_default=False,
        ),
    ] = None,
    content: ContentOption = Path("content"),
    clinic: Annotated[
        str | None, typer.Option("--clinic", help="List only this clinic.", show_default=False)
    ] = None,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size.")] = Paper.letter,
    lang: Annotated[
        str, typer.Option("--lang", help="One language code from settings.yaml.")
    ] = "en",
    large_print: LargePrint = False,
    patient: Patient = None,
    provider: Provider = None,
    visit_date: VisitDate = None,
    note: Note = None,
    encrypt: Encrypt = False,
    password_env: PasswordEnv = None,
) -> None:
    """Merge handouts into one PDF for a visit: a bookmark and page labels per handout."""
    from handouts.build import BuildOptions, build_packet
    from handouts.personal import personal_from_options

    try:
        personal = personal_from_options(patient, provider, visit_date, note)
        options = BuildOptions(
            content=content, conditions=tuple(handouts), clinic=clinic, paper=paper.value,
            lang=lang, large_print=large_print, personal=personal,
            password=_password(encrypt, password_env),
        )  # fmt: skip
        built = build_packet(options, output)
    except HandoutsError as error:
        raise _fail(error) from None
    except Exception:
        if patient is None:
            raise
        raise _withheld() from None
    typer.echo(f"wrote {built.path}  ({built.pages} pages, {built.size / 1024:.0f} KB)")


@app.command()
def check(content: ContentOption = Path("content")) -> None:
    """Check all content without writing PDFs: structure, readability, length, review.

    Prints a readability table (block, language, score, words, longest sentence), the page
    count of every handout, and the blocks awaiting clinical review; exits 1 on any problem.
    """
    from handouts.build import check_content
    from handouts.quality import quality_report

    try:
        library = check_content(content)
    except HandoutsError as error:
        raise _fail(error) from None
    report = quality_report(library)

    if report.scores:
        typer.echo(f"{'block':<28}{'lang':<6}{'score':>7}{'words':>7}{'longest':>9}")
        for s in report.scores:
            flag = "" if s.passes else "  <- too hard"
            typer.echo(f"{s.block:<28}{s.lang:<6}{s.score:>7.1f}{s.words:>7}{s.longest:>9}{flag}")
        gates = ", ".join(
            f"{lang}: {lang_settings.readability.measure} "
            + (
                f"<= {lang_settings.readability.max:g}"
                if lang_settings.readability.max is not None
                else f">= {lang_settings.readability.min:g}"
            )
            for lang, lang_settings in library.settings.languages.items()
            if lang_settings.readability
        )
        typer.echo(f"(score: {gates}; longest = words in the longest sentence)\n")
    if report.pages:
        limit = library.settings.page_limit
        typer.echo(
            f"{'handout':<28}{'lang':<6}{'pages':>7}" + (f"  (limit {limit})" if limit else "")
        )
        for p in report.pages:
            typer.echo(f"{p.condition:<28}{p.lang:<6}{p.pages:>7}")
        typer.echo("")
    if report.unreviewed:
        typer.echo(
            f"warning: {len(report.unreviewed)} blocks await clinical review "
            "(reviewed_by / reviewed_on are empty):"
        )
        for line in report.unreviewed:
            typer.echo(f"  {line}")
        typer.echo("")
    if report.errors:
        raise _fail(ContentErrors(report.errors))
    typer.echo(
        f"ok: {_count(library.conditions, 'handout')} in "
        f"{_count(library.languages, 'language')}, {_count(library.blocks, 'shared block')}, "
        f"{_count(library.brand.locations, 'clinic')}; no problems found."
    )


def _count(items: object, noun: str) -> str:
    number = len(items)  # type: ignore[arg-type]
    return f"{number} {noun}{'' if number == 1 else 's'}"


@app.command("list")
def list_content(content: ContentOption = Path("content")) -> None:
    """List the conditions, shared blocks and clinics, with their titles."""
    from handouts.validate import load_library

    try:
        library = load_library(content)
    except HandoutsError as error:
        raise _fail(error) from None
    width = max(len(s) for s in [*library.conditions, *library.blocks, "x"]) + 2
    typer.echo("Conditions:")
    for slug, condition in sorted(library.conditions.items()):
        typer.echo(f"  {slug:<{width}}{condition.title}")
    typer.echo("Shared blocks:")
    for block_id, block in sorted(library.blocks.items()):
        users = [s for s, c in library.conditions.items() if block_id in c.blocks]
        typer.echo(f"  {block_id:<{width}}{block.heading}  (used by {len(users)})")
    typer.echo("Clinics:")
    for location in library.brand.locations:
        typer.echo(f"  {location.slug:<{width}}{location.name}  {location.phone}")


def main() -> None:
    """Console-script entry point; `python cli.py` runs the same.

    It ends with os._exit once the output is flushed. Tearing the interpreter down (freeing
    pydantic's and ReportLab's objects one by one) took about 45 ms, a tenth of a cold build,
    and did nothing useful: every file is closed and every worker joined before a command
    returns. Tests and scripts that run the app in-process call `app`, not this.
    """
    try:
        app(prog_name="handouts")
        code: Any = 0
    except SystemExit as stop:
        code = stop.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`handouts list | head`)
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
