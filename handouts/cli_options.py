"""The command line's shared options: every option's help text and its typed form, so each
command in cli.py is just its signature and the call it makes."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from handouts.console import completer, show_version
from handouts.options import ALL
from handouts.papers import PAPERS

Paper = StrEnum("Paper", [*PAPERS, ALL])  # type: ignore[misc]
CheckFormat = StrEnum("CheckFormat", ["text", "github", "json"])  # type: ignore[misc]


HELP = {
    "--content": "Folder with brand.yaml, blocks/ and conditions/.",
    "--out": "The published folder: the catalog's PDFs and its index.html.",
    "--clinic": "List only this clinic (its slug, e.g. manhattan). Default: every clinic.",
    "--paper": "Paper size. Default: all, every size in settings.yaml's papers (letter unless "
    "it lists more); a packet takes the first.",
    "--lang": "Language code from settings.yaml (en, es, …) or all; a packet takes the first.",
    "--large-print": "18 pt body text for readers with low vision.",
    "--patient": "Patient's name for a personalised copy (page 1 only; never in file names or "
    "PDF metadata).",
    "--provider": "Provider's name.",
    "--visit-date": "Visit date, YYYY-MM-DD.",
    "--note": "A short note for the patient (a few lines).",
    "--encrypt": "Protect the PDF with an open password (AES-256), asked for at a hidden "
    "prompt. Printing and copying stay allowed.",
    "--password-env": "With --encrypt: read the password from this environment variable "
    "instead of a prompt (for scripts).",
    "--jobs": "Worker processes. Default: the number of CPUs.",
    "--force": "Rebuild files the manifest shows as unchanged.",
    "--check": "Write nothing: exit 1 listing every file in --out that is stale or missing "
    "(for CI).",
    "--shard": "Build only part K of N of the catalog, for a CI matrix (a stable split: all N "
    "parts make the whole).",
    "--quiet": "Print only errors.",
    "--json": "One JSON object per file on standard output.",
    "--output": "One personal or encrypted copy's (or a packet's) file, or - for standard "
    "output. Default: a new file in the private folder (a packet without patient details: "
    "out/packet-<names>.pdf).",
    "--private": "Folder for personal and encrypted copies, readable by you only. Default: "
    "'private' beside the published folder (--out, or out/), never inside it.",
    "--host": "Address to listen on. The default, 127.0.0.1, is this computer only; any other "
    "address needs an access token in the environment variable HANDOUTS_TOKEN.",
    "--port": "Port to listen on.",
    "--strict": "Also fail (exit 1) on every text that awaits a clinician's sign-off, each with "
    "its file and line: for the CI that publishes.",
    "--sign": "Sign off this text, which you have read and approve: a block's id, or a "
    "condition's slug for its title and message (as handouts review lists them). Repeat to "
    "sign several.",
    "--by": 'With --sign: the clinician signing, e.g. "Ana Ruiz, MD".',
    "--on": "With --sign: the date you read the text, YYYY-MM-DD. Default: today.",
    "--format": "text for people; github: a GitHub Actions annotation per problem and "
    "warning, shown on the file and line; json: one JSON document.",
    "--version": "Show the version and exit.",
    "--from": "Start from a copy of this existing one (a condition's slug, a block's id) "
    "instead of the template: renamed, dated today, unsigned, a TODO on each heading.",
    "--done": "Mark this translation as made from its original's current text, once you have "
    "checked it says the same (writes translated_from): a block's id, a condition's slug, "
    "brand, or all (every stale or unrecorded one). Repeat to mark several.",
    "--translations-lang": "Language code of the translations to list or mark (es, …), or all.",
    "--review-lang": "Language code from settings.yaml, or all. Each language's text is signed "
    "on its own: --sign needs one language (unless the content has only one).",
    "--schema-check": "Write nothing: exit 1 naming every schema that is missing or out of date "
    "and every YAML file without its $schema line (for CI).",
}


def opt(name: str, *aliases: str, shown: bool = False, **kwargs: Any) -> Any:
    """An option whose help text is in HELP; defaults are shown only where they help."""
    return typer.Option(name, *aliases, help=HELP[name], show_default=shown, **kwargs)


Content = Annotated[Path, opt("--content", shown=True)]
Out = Annotated[Path, opt("--out", shown=True)]
Clinic = Annotated[str | None, opt("--clinic", autocompletion=completer("clinic"))]
PaperOption = Annotated[Paper, opt("--paper")]  # completes its choices by itself
Lang = Annotated[str, opt("--lang", shown=True, autocompletion=completer("lang"))]
LargePrint = Annotated[bool, opt("--large-print")]
Patient = Annotated[str | None, opt("--patient")]
Provider = Annotated[str | None, opt("--provider")]
VisitDate = Annotated[str | None, opt("--visit-date")]
Note = Annotated[str | None, opt("--note")]
Encrypt = Annotated[bool, opt("--encrypt")]
PasswordEnv = Annotated[str | None, opt("--password-env", metavar="NAME")]
Jobs = Annotated[int | None, opt("--jobs", "-j", min=1)]
Force = Annotated[bool, opt("--force")]
CheckOnly = Annotated[bool, opt("--check")]
Shard = Annotated[str | None, opt("--shard", metavar="K/N")]
Quiet = Annotated[bool, opt("--quiet", "-q")]
AsJson = Annotated[bool, opt("--json")]
Output = Annotated[Path | None, opt("--output", "-o")]
Private = Annotated[Path | None, opt("--private")]
Version = Annotated[bool, opt("--version", "-V", callback=show_version, is_eager=True)]
Conditions = Annotated[
    list[str] | None,
    typer.Argument(
        help="Conditions to build, e.g. migraine. None given: build them all.",
        show_default=False, autocompletion=completer("condition"),
    ),
]  # fmt: skip
PacketHandouts = Annotated[
    list[str],
    typer.Argument(
        help="Handouts to merge, in order, e.g. migraine aftercare.",
        autocompletion=completer("condition"),
    ),
]
Strict = Annotated[bool, opt("--strict")]
Format = Annotated[CheckFormat, opt("--format", shown=True)]
ReviewLang = Annotated[
    str, typer.Option("--lang", help=HELP["--review-lang"], autocompletion=completer("lang"))
]
Sign = Annotated[list[str] | None, opt("--sign", metavar="ID")]
By = Annotated[str | None, opt("--by")]
On = Annotated[str | None, opt("--on", metavar="YYYY-MM-DD")]
SchemaCheck = Annotated[bool, typer.Option("--check", help=HELP["--schema-check"])]
TranslationsLang = Annotated[
    str, typer.Option("--lang", help=HELP["--translations-lang"], autocompletion=completer("lang"))
]
Done = Annotated[list[str] | None, opt("--done", metavar="NAME")]
NewSlug = Annotated[
    str,
    typer.Argument(metavar="SLUG", help="Its name, e.g. plantar-fasciitis.", show_default=False),
]
NewConditionFrom = Annotated[
    str | None, opt("--from", metavar="EXISTING", autocompletion=completer("condition"))
]
NewBlockId = Annotated[
    str, typer.Argument(metavar="ID", help="Its id, e.g. ice-at-home.", show_default=False)
]
NewBlockFrom = Annotated[str | None, opt("--from", metavar="EXISTING")]
Host = Annotated[str, opt("--host", shown=True)]
Port = Annotated[int, opt("--port", shown=True)]
