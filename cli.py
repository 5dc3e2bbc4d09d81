"""The `handouts` command: arguments in, messages out. The work happens in the handouts package."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from handouts.errors import ContentErrors, HandoutsError

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


ContentOption = Annotated[
    Path,
    typer.Option("--content", help="Folder with brand.yaml, blocks/ and conditions/."),
]


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
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size.")] = Paper.letter,
    lang: Annotated[
        str,
        typer.Option("--lang", help="Language code from settings.yaml (en, es, …) or all."),
    ] = "all",
) -> None:
    """Build PDF handouts and print each file written."""
    from handouts.build import BuildOptions, Built, build_catalog

    def report(built: Built) -> None:
        kb = built.size / 1024
        pages = f"{built.pages} page{'s' if built.pages != 1 else ''}"
        typer.echo(f"wrote {built.path}  ({pages}, {kb:.0f} KB)")

    options = BuildOptions(content, out, tuple(conditions or ()), clinic, paper.value, lang)
    try:
        result = build_catalog(options, on_built=report)
    except HandoutsError as error:
        raise _fail(error) from None
    typer.echo(f"{len(result.built)} handout{'s' if len(result.built) != 1 else ''} built.")


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
    """Console-script entry point; `python cli.py` runs the same."""
    app(prog_name="handouts")


if __name__ == "__main__":
    main()
