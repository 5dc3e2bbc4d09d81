"""The `handouts` command: arguments in, the public API called, messages out.

Each command parses its options into one `handouts.Options` (whose defaults are the API's),
calls the engine, and leaves every failure to `outcome` (handouts/cli_process.py), the one
place errors become messages and exit codes: 1 for a content problem or an unknown name, 130
for Ctrl-C, 2 (Typer's) for a mistyped option.

No `from __future__ import annotations` here: Typer reads every parameter's annotation on
each start, and as strings each costs an eval (building the command took 8.3 ms, now 3.3 ms).
"""

from pathlib import Path

import typer

from handouts import cli_options as option
from handouts.cli_process import outcome, run
from handouts.console import (
    BuildReporter,
    personal_options,
    report_for_ci,
    report_stale,
    to_stdout,
)
from handouts.errors import ContentErrors, display_path
from handouts.options import ALL, DEFAULT_OPTIONS, Options
from handouts.serve.config import DEFAULT_HOST, DEFAULT_PORT

STDOUT = Path("-")

app = typer.Typer(
    name="handouts",
    help="Make patient-education PDF handouts from the YAML files in content/.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion; names from the content
    pretty_exceptions_show_locals=False,  # patient text must never land in a traceback
    rich_markup_mode=None,
)
D = DEFAULT_OPTIONS


@app.callback()
def _root(
    version: option.Version = False,
) -> None:
    pass


@app.command()
def build(
    conditions: option.Conditions = None,
    out: option.Out = D.out,
    content: option.Content = D.content,
    clinic: option.Clinic = D.clinic,
    paper: option.PaperOption = option.Paper(D.paper),  # noqa: B008
    lang: option.Lang = D.lang,
    large_print: option.LargePrint = D.large_print,
    patient: option.Patient = None,
    provider: option.Provider = None,
    visit_date: option.VisitDate = None,
    note: option.Note = None,
    encrypt: option.Encrypt = False,
    password_env: option.PasswordEnv = None,
    output: option.Output = D.output,
    private: option.Private = D.private,
    jobs: option.Jobs = D.jobs,
    force: option.Force = D.force,
    check_only: option.CheckOnly = False,
    shard: option.Shard = None,
    quiet: option.Quiet = False,
    as_json: option.AsJson = False,
) -> None:
    """Build PDF handouts (and out/index.html), printing each file written with its size.

    Unchanged files are skipped: out/manifest.json records what each file was built from.
    """
    from handouts.build.run import build_catalog, stale_outputs
    from handouts.options import parse_shard

    with outcome(personal=patient is not None):
        options = Options(
            content=content, out=out, conditions=tuple(conditions or ()), clinic=clinic,
            paper=paper.value, lang=lang, jobs=jobs, force=force,
            shard=parse_shard(shard) if shard else None, large_print=large_print,
            output=output, private=private,
            **personal_options(patient, provider, visit_date, note, encrypt, password_env),
        )  # fmt: skip
        if check_only:
            raise typer.Exit(report_stale(stale_outputs(options), out))
        piped = output == STDOUT
        with BuildReporter(quiet=quiet or piped, as_json=as_json) as reporter:
            result = build_catalog(options, on_built=reporter.report)
    if piped:
        to_stdout(result.built)
        return
    reporter.finish(result, options)


@app.command()
def catalog(out: option.Out = D.out, content: option.Content = D.content) -> None:
    """Write out/index.html: a searchable page of every handout in the folder, to print from."""
    from handouts.build.run import rewrite_catalog

    with outcome():
        path = rewrite_catalog(Options(content=content, out=out))
    typer.echo(f"wrote {path}  (catalog page)")


@app.command()
def packet(
    handouts: option.PacketHandouts,
    output: option.Output = None,
    content: option.Content = D.content,
    clinic: option.Clinic = D.clinic,
    paper: option.PaperOption = option.Paper(D.paper),  # noqa: B008
    lang: option.Lang = D.lang,
    large_print: option.LargePrint = D.large_print,
    patient: option.Patient = None,
    provider: option.Provider = None,
    visit_date: option.VisitDate = None,
    note: option.Note = None,
    encrypt: option.Encrypt = False,
    password_env: option.PasswordEnv = None,
    private: option.Private = D.private,
) -> None:
    """Merge handouts into one PDF for a visit: a bookmark and page labels per handout."""
    from handouts.build.private import build_packet

    with outcome(personal=patient is not None):
        options = Options(
            content=content, conditions=tuple(handouts), clinic=clinic, paper=paper.value,
            lang=lang, large_print=large_print, output=output, private=private,
            **personal_options(patient, provider, visit_date, note, encrypt, password_env),
        )  # fmt: skip
        built = build_packet(options)
    for warning in built.warnings:  # names the handouts, never the patient
        typer.echo(f"warning: {warning}", err=True)
    if built.data is not None:
        to_stdout([built])
        return
    typer.echo(f"wrote {built.path}  ({built.pages} pages, {built.size / 1024:.0f} KB)")


@app.command()
def check(
    content: option.Content = D.content,
    strict: option.Strict = False,
    output_format: option.Format = option.CheckFormat.text,
) -> None:
    """Check all content without writing PDFs: structure, readability, length, sign-off.

    Prints a readability table (block, language, score, words, longest sentence), a page-fit
    table (each handout's pages against its limit and how full each page is), and how many
    texts await a clinician's sign-off (with --strict, each is an error); exits 1 on any
    problem.
    """
    from handouts.build.run import check_content
    from handouts.quality import quality_report, report_lines, summary

    if output_format != option.CheckFormat.text:  # for CI: every finding, located, and nothing else
        with outcome():
            raise typer.Exit(report_for_ci(content, strict, output_format.value))
    with outcome():
        library = check_content(content)
        report = quality_report(library, strict=strict)
        for line in report_lines(report, library):
            typer.echo(line)
        if report.errors:
            raise ContentErrors(report.errors)
    typer.echo(summary(library))


@app.command()
def review(
    content: option.Content = D.content,
    lang: option.ReviewLang = D.lang,
    sign: option.Sign = None,
    by: option.By = None,
    on: option.On = None,
) -> None:
    """List what awaits a clinician's sign-off, per handout and language; with --sign, sign off
    texts you have read. A handout is marked as a draft until all its texts are signed."""
    from handouts.console import review_output

    with outcome():
        for line in review_output(content, lang, sign or [], by, on):
            typer.echo(line)


@app.command()
def schema(
    content: option.Content = D.content,
    check_only: option.SchemaCheck = False,
) -> None:
    """Write the content's JSON Schemas (schemas/ in the content folder) and make line 1 of
    every YAML file name its own, so an editor completes and checks it as you type
    (docs/schemas.md)."""
    from handouts.api import update_schemas

    with outcome():
        changed = update_schemas(content, check=check_only)
    if check_only:
        typer.echo(f"ok: the schemas in {content} match the models")
        return
    for path in changed:
        typer.echo(f"wrote {display_path(path)}")
    typer.echo(f"{len(changed)} files changed" if changed else "nothing to change")


@app.command()
def translations(
    content: option.Content = D.content,
    lang: option.TranslationsLang = ALL,
    done: option.Done = None,
) -> None:
    """List every translation and its state: current, stale (its original changed since),
    awaiting, missing or unrecorded. With --done, mark one you have brought up to date."""
    from handouts.console import translations_output

    with outcome():
        lines = translations_output(content, lang, done or [])
    for line in lines:
        typer.echo(line)


new = typer.Typer(
    help="Start a new handout or shared block, in every language, from a template.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(new, name="new")


@new.command("condition")
def new_condition(
    slug: option.NewSlug,
    source: option.NewConditionFrom = None,
    content: option.Content = D.content,
) -> None:
    """Write conditions/SLUG.yaml from a template whose TODOs mark the words to write (or a
    copy of --from), and a file per other language, awaiting its translation."""
    _scaffold("condition", content, slug, source)


@new.command("block")
def new_block(
    block_id: option.NewBlockId,
    source: option.NewBlockFrom = None,
    content: option.Content = D.content,
) -> None:
    """Write blocks/ID.yaml, a shared block, from a template (or a copy of --from), and a
    file per other language, awaiting its translation."""
    _scaffold("block", content, block_id, source)


def _scaffold(kind: str, content: Path, name: str, source: str | None) -> None:
    from handouts import api

    with outcome():
        made = getattr(api, f"new_{kind}")(content, name, source=source)
    for line in made.lines():
        typer.echo(line)


@app.command()
def serve(
    content: option.Content = D.content,
    host: option.Host = DEFAULT_HOST,
    port: option.Port = DEFAULT_PORT,
) -> None:
    """Start the front desk's web app at http://127.0.0.1:8000: find, print, personalise, pack
    and email handouts from a browser. docs/serve.md tells more (mail relay, access token)."""
    from handouts.serve import serve as run

    with outcome():
        run(content, host, port)


@app.command("list")
def list_content(content: option.Content = D.content) -> None:
    """List the conditions, shared blocks and clinics, with their titles."""
    from handouts.api import load_library

    with outcome():
        library = load_library(content)
    for line in library.listing():
        typer.echo(line)


def main() -> None:
    """Console-script entry point; `python cli.py` runs the same (handouts/cli_process.py)."""
    run(app)


if __name__ == "__main__":
    main()
