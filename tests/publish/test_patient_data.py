"""Patient data never reaches the catalog, never replaces a generic handout, and is never
echoed: the rules a front desk relies on when the next walk-in gets a stock handout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from handouts.publish.catalog import read_entries
from tests.pdftext import text_of
from tests.publish.test_delivery import PERSONAL

SCRIPT = str(Path(sys.executable).parent / "handouts")


def _catalog(workdir: Path) -> list[str]:
    return [e.file for e in read_entries(workdir / "out")]


def test_a_personal_packet_saved_in_out_is_never_on_the_catalog(
    shipped: Path, cli, workdir: Path, catalog: Path
) -> None:
    """The README's own example once put the "Prepared for" box on the front desk's page."""
    shutil.copytree(catalog, workdir / "out")  # the shipped catalog, as `handouts build` made it
    result = cli("packet", "migraine", "aftercare", "-o", "out/visit.pdf", *PERSONAL)
    assert result.exit_code == 0, result.output
    assert cli("catalog").exit_code == 0
    assert "visit.pdf" not in _catalog(workdir) and len(_catalog(workdir)) == 20
    html = (workdir / "out" / "index.html").read_text(encoding="utf-8")
    assert "visit.pdf" not in html and "López" not in html


def test_a_personal_packet_never_takes_the_generic_packets_name(
    shipped: Path, cli, workdir: Path
) -> None:
    assert cli("packet", "migraine", "aftercare").exit_code == 0
    generic = workdir / "out" / "packet-migraine-aftercare.pdf"
    before = generic.read_bytes()
    assert cli("packet", "migraine", "aftercare", *PERSONAL).exit_code == 0
    assert generic.read_bytes() == before
    (personal,) = (workdir / "private").glob("packet-migraine-aftercare-personal-*.pdf")
    assert "López" in text_of(personal)
    assert [p.name for p in (workdir / "out").iterdir()] == [generic.name]


def test_nothing_personal_or_encrypted_replaces_a_catalog_file(
    shipped: Path, cli, workdir: Path, monkeypatch, catalog: Path
) -> None:
    shutil.copytree(catalog, workdir / "out")
    out = workdir / "out"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    for target in ("out/migraine.pdf", "out/index.html", "out/manifest.json"):
        result = cli("packet", "migraine", "-o", target, *PERSONAL)
        assert result.exit_code == 1
        assert "is a file of the catalog" in result.stderr
    monkeypatch.setenv("PDF_PASSWORD", "correct horse")
    locked = cli("build", "migraine", "--lang", "en", "--encrypt", "--password-env", "PDF_PASSWORD")
    assert locked.exit_code == 0, locked.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in before} == before
    assert len(list((workdir / "private").glob("migraine-encrypted-*.pdf"))) == 1
    assert len(_catalog(workdir)) == 20  # the catalog still lists migraine.pdf


def test_an_unquoted_patient_name_is_never_echoed(shipped: Path, cli) -> None:
    """`--patient Zelda Quixote-Ramirez`: the surname becomes a handout name to build."""
    result = cli("build", "migraine", "--patient", "Zelda", "Quixote-Ramirez")
    assert result.exit_code == 1
    assert "Quixote" not in result.output and "Zelda" not in result.output
    assert "handout name number 2 is not a condition" in result.stderr
    packet = cli("packet", "migraine", "--patient", "Zelda", "Quixote-Ramirez")
    assert packet.exit_code == 1 and "Quixote" not in packet.output


def test_one_patients_copy_never_replaces_anothers(shipped: Path, cli, workdir: Path) -> None:
    assert cli("build", "migraine", "--lang", "en", *PERSONAL).exit_code == 0
    assert cli("build", "migraine", "--lang", "en", "--patient", "Zelda Quinn").exit_code == 0
    copies = sorted((workdir / "private").glob("migraine-personal-*.pdf"))
    assert len(copies) == 2
    assert {"López" in text_of(c) for c in copies} == {True, False}


def test_a_failed_personal_copy_at_a_given_path_leaves_nothing_there(
    shipped: Path, cli, workdir: Path
) -> None:
    assert cli("build", "migraine", "--lang", "en", "-o", "visit.pdf", *PERSONAL).exit_code == 0
    previous = workdir / "visit.pdf"
    assert "López" in text_of(previous)
    # The next patient's name has a character the font cannot print: the copy fails.
    failed = cli("build", "migraine", "--lang", "en", "-o", "visit.pdf", "--patient", "王小明")
    assert failed.exit_code == 1
    assert not previous.exists()  # never the previous patient's copy where this one belongs


def test_a_personal_copy_on_standard_output(shipped: Path, workdir: Path) -> None:
    done = subprocess.run(
        [SCRIPT, "build", "migraine", "--lang", "en", "-o", "-", "--patient", "Ana López"],
        cwd=workdir, capture_output=True, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF") and done.stdout.rstrip().endswith(b"%%EOF")
    assert not (workdir / "out").exists() and not (workdir / "private").exists()
    assert b"L\xc3\xb3pez" not in done.stderr


def test_a_second_patient_replaces_the_first_in_a_packet_path(
    shipped: Path, cli, workdir: Path
) -> None:
    assert cli("packet", "migraine", "-o", "visit.pdf", *PERSONAL).exit_code == 0
    assert cli("packet", "migraine", "-o", "visit.pdf", "--patient", "王").exit_code == 1
    assert not (workdir / "visit.pdf").exists()


def test_a_packet_of_many_handouts_asks_for_a_name_before_rendering(
    shipped: Path, cli, workdir: Path
) -> None:
    names = [f"condition-{n:04d}" for n in range(200)]  # a big catalog's packet
    result = cli("packet", *names, "--lang", "en")
    assert result.exit_code == 1
    assert "name the file with -o" in result.stderr
    assert not (workdir / "out").exists()


def test_ctrl_c_says_what_was_written(shipped: Path, cli, workdir: Path) -> None:
    """SIGINT while rendering: exit 130, a sentence saying nothing was replaced, no traceback."""
    import signal
    import time

    out = workdir / "out"
    assert cli("build", "-q", "--jobs", "1").exit_code == 0  # the previous good build
    before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    build = subprocess.Popen(
        [SCRIPT, "build", "--force", "--jobs", "1", "-q"],
        cwd=workdir, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(1.0)
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    if build.returncode == 0:  # it finished before the signal: nothing to judge
        return
    assert build.returncode == 130, stderr
    assert stderr.startswith("interrupted: "), stderr
    assert "Traceback" not in stderr
    if "nothing was written" in stderr:
        assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before


SWALLOWED = """
import os, signal, sys, time
import cli
import handouts.render.images as images

real = images._read_svg

def interrupted_read(path, font, budget):
    # What libxml2 did on CI: SIGINT broke its read() of an SVG, so the parse failed and the
    # KeyboardInterrupt never reached us; we saw only "not a readable SVG image".
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
    except KeyboardInterrupt:
        pass
    return real(path.with_name("gone.svg"), font, budget)

images._read_svg = interrupted_read
sys.argv = ["handouts", "build", "--force", "--jobs", "1", "-q"]
cli.main()
"""


def test_ctrl_c_that_a_library_swallows_is_still_an_interrupt(
    shipped: Path, cli, workdir: Path
) -> None:
    """Not "not a readable SVG image" about a good file, and not exit 1: CI caught this once."""
    build = subprocess.run(
        [sys.executable, "-c", SWALLOWED], cwd=workdir, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, check=False, timeout=60,
    )  # fmt: skip
    assert build.returncode == 130, build.stderr
    assert build.stderr == "interrupted: nothing was written; run the command again\n"
    assert not (workdir / "out").exists()


def test_too_many_workers_are_capped_and_said(shipped: Path, cli, workdir: Path) -> None:
    result = cli("build", "migraine", "aftercare", "--jobs", "10000")
    assert result.exit_code == 0, result.output
    assert "used 2" in result.stderr or "used 1" in result.stderr
    assert len(json.loads((workdir / "out" / "manifest.json").read_text())["files"]) == 4


def test_two_builds_of_different_handouts_into_one_folder_keep_both_entries(
    shipped: Path, workdir: Path
) -> None:
    runs = [
        subprocess.Popen(
            [SCRIPT, "build", slug, "--jobs", "1", "-q"], cwd=workdir, stdin=subprocess.DEVNULL
        )
        for slug in ("migraine", "aftercare", "fibromyalgia")
    ]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0]
    files = json.loads((workdir / "out" / "manifest.json").read_text())["files"]
    assert len(files) == 6
    for name, entry in files.items():
        assert PdfReader(workdir / "out" / name).pages and entry["pages"] >= 1


def test_the_private_folder_is_never_the_catalog_folder(shipped: Path, cli, workdir: Path) -> None:
    result = cli("build", "migraine", "--lang", "en", "--private", "out", "--patient", "A B")
    assert result.exit_code == 1 and "is the catalog folder" in result.stderr
    packet = cli("packet", "migraine", "--private", "./out", "--patient", "A B")
    assert packet.exit_code == 1 and not (workdir / "out").exists()
