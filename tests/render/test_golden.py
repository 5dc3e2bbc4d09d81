"""The engine's output bytes, pinned: a refactor must not change a single byte of any PDF.

`tests/data/golden.json` holds the sha256 of the shipped catalog (Letter), the A4, large-print
and per-clinic editions, personalised copies in both languages, and a plain and a personalised
packet. A change that is *meant* to change the output regenerates it, in the same commit:

    HANDOUTS_REGEN_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

Encrypted files are left out: AES needs random salts, so their bytes differ every time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from cli import app
from tests.clirunner import CliRunner
from tests.conftest import SHIPPED_CONTENT, TESTS

GOLDEN = TESTS / "data" / "golden.json"
PERSON = [
    "--patient", "Ana López", "--provider", "Dr. Patel", "--visit-date", "2026-12-01",
    "--note", "Ice the left shoulder 15 minutes at a time\nWalk every day",
]  # fmt: skip


def _run(*args: str) -> None:
    result = CliRunner().invoke(app, [*args, "--content", str(SHIPPED_CONTENT)])
    assert result.exit_code == 0, result.output


def produce(folder: Path, *, every: bool = True) -> dict[str, str]:
    """Build every pinned variant into `folder` (or, `every=False`, three Letter handouts that
    hold every part kind, picture kind and form field, in both languages, and the packets);
    returns {relative name: sha256}."""
    runs = {
        "letter": [],
        "a4": ["--paper", "a4"],
        "large": ["--large-print"],
        "manhattan": ["--clinic", "manhattan"],
    }
    for name, extra in runs.items():
        if not every and name != "letter":
            continue
        some = [] if every else ["migraine", "treatment-areas", "pain-diary"]
        _run("build", *some, "--out", str(folder / name), "--jobs", "1", "--quiet", *extra)
    for lang in ("en", "es") if every else ():
        name = "migraine-personal.pdf" if lang == "en" else f"migraine-{lang}-personal.pdf"
        target = folder / f"personal-{lang}" / name
        target.parent.mkdir()
        _run("build", "migraine", "--lang", lang, "-o", str(target), "--quiet", *PERSON)
    _run("packet", "migraine", "aftercare", "pain-diary", "-o", str(folder / "packet.pdf"))
    _run(
        "packet", "tension-headache", "aftercare", "--lang", "es", "--paper", "a4",
        "-o", str(folder / "packet-personal.pdf"), *PERSON,
    )  # fmt: skip
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*.pdf"))
    }


def test_output_bytes_are_unchanged(tmp_path: Path) -> None:
    produced = produce(tmp_path)
    if os.environ.get("HANDOUTS_REGEN_GOLDEN"):
        GOLDEN.write_text(json.dumps(produced, indent=1, sort_keys=True) + "\n")
    golden = json.loads(GOLDEN.read_text())
    assert len(produced) >= 80
    changed = sorted(name for name in golden if produced.get(name) != golden[name])
    assert set(produced) == set(golden)
    assert not changed, f"{len(changed)} PDFs changed bytes: {changed[:10]}"
