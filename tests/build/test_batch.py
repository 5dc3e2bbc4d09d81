"""Batch builds: manifest, incremental skips, --check, shards, parallel workers, output modes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from handouts import Options, build_catalog, load_library
from handouts.build import incremental as batch
from handouts.build.plan import plan_jobs
from handouts.errors import HandoutsError
from handouts.options import parse_shard
from tests.conftest import ROOT, SHIPPED_CONTENT


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A private copy of the content and a full build of it, shared by the tests below."""
    base = tmp_path_factory.mktemp("batch")
    content = base / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    build_catalog(Options(content=content, out=base / "out", jobs=2))
    return content, base / "out"


def test_manifest_records_every_file_and_what_it_was_built_from(built) -> None:
    _, out = built
    manifest = json.loads((out / "manifest.json").read_text())["files"]
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert sorted(manifest) == pdfs and len(pdfs) == 20
    entry = manifest["migraine-es.pdf"]
    assert entry["condition"] == "migraine" and entry["language"] == "es"
    assert entry["paper"] == "letter" and entry["edition"] == "all-clinics"
    assert entry["pages"] == 2 and entry["bytes"] == (out / "migraine-es.pdf").stat().st_size
    assert entry["revision"] == "2026-12-03"
    assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) and re.fullmatch(
        r"[0-9a-f]{64}", entry["input_hash"]
    )


def test_unchanged_content_rebuilds_nothing_and_force_rebuilds_all(built) -> None:
    content, out = built
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    result = build_catalog(Options(content=content, out=out))
    assert result.written == [] and len(result.built) == 20
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == before
    forced = build_catalog(Options(content=content, out=out, force=True, conditions=("migraine",)))
    assert len(forced.written) == 2


def test_changing_a_block_rebuilds_only_the_handouts_that_use_it(built, tmp_path: Path) -> None:
    content, out = built
    content2, out2 = tmp_path / "content", tmp_path / "out"
    shutil.copytree(content, content2)
    shutil.copytree(out, out2)
    block = content2 / "blocks" / "faq-full.yaml"
    block.write_text(block.read_text().replace("Does it hurt?", "Will it hurt?"))
    stale = build_catalog(Options(content=content2, out=out2, jobs=1))
    assert sorted(b.path.name for b in stale.written) == ["questions-and-answers.pdf"]

    (out2 / "aftercare-es.pdf").write_bytes(b"%PDF damaged")  # edited by hand: no longer matches
    repaired = build_catalog(Options(content=content2, out=out2))
    assert [b.path.name for b in repaired.written] == ["aftercare-es.pdf"]


def test_manifest_entries_edited_by_hand_only_cost_their_rebuild(built, tmp_path: Path) -> None:
    content, out = built
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    manifest = json.loads((out2 / "manifest.json").read_text())
    manifest["files"]["migraine.pdf"]["pages"] = "two"
    manifest["files"]["aftercare-es.pdf"]["title"] = 123
    del manifest["files"]["fibromyalgia.pdf"]["language"]
    manifest["files"]["junk.pdf"] = ["not", "an", "entry"]
    (out2 / "manifest.json").write_text(json.dumps(manifest))
    result = build_catalog(Options(content=content, out=out2))
    assert sorted(b.path.name for b in result.written) == [
        "aftercare-es.pdf", "fibromyalgia.pdf", "migraine.pdf",
    ]  # fmt: skip
    assert result.catalog is not None and "Trigger point injections for migraine" in (
        out2 / "index.html"
    ).read_text(encoding="utf-8")
    repaired = json.loads((out2 / "manifest.json").read_text())["files"]
    assert repaired["migraine.pdf"]["pages"] == 2 and "junk.pdf" not in repaired


def test_a_change_to_the_engine_code_rebuilds_everything(
    built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = tmp_path / "engine"
    shutil.copytree(ROOT / "handouts", engine, ignore=shutil.ignore_patterns("__pycache__"))
    before = batch.engine_fingerprint(engine)
    layout = engine / "render" / "story.py"
    layout.write_text(layout.read_text() + "\n# a layout change without a new version\n")
    batch.engine_fingerprint.cache_clear()  # once per process in real use
    after = batch.engine_fingerprint(engine)
    assert before != after and before.split(" (")[0] == after.split(" (")[0]

    content, out = built
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    monkeypatch.setattr(batch, "engine_fingerprint", lambda: after)
    rebuilt = build_catalog(Options(content=content, out=out2, jobs=1))
    assert len(rebuilt.written) == 20
    assert json.loads((out2 / "manifest.json").read_text())["engine"] == after


def test_check_lists_stale_missing_and_orphaned_files(built, tmp_path: Path, cli) -> None:
    content, out = built
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    ok = cli("build", "--content", str(content), "--out", str(out2), "--check")
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("ok:")

    (out2 / "migraine.pdf").unlink()
    (out2 / "fibromyalgia-es.pdf").write_bytes(b"%PDF old")
    manifest = json.loads((out2 / "manifest.json").read_text())
    manifest["files"]["retired.pdf"] = manifest["files"]["aftercare.pdf"]
    (out2 / "manifest.json").write_text(json.dumps(manifest))
    result = cli("build", "--content", str(content), "--out", str(out2), "--check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"missing: {out2 / 'migraine.pdf'}" in lines
    assert f"stale: {out2 / 'fibromyalgia-es.pdf'} (content or engine changed)" in lines
    assert f"orphaned: {out2 / 'retired.pdf'} is no longer built" in lines
    assert lines[-1] == "3 files out of date; run handouts build"
    assert not (out2 / "migraine.pdf").exists()  # --check writes nothing


def test_shards_split_the_catalog_with_no_overlap_and_no_gap() -> None:
    library = load_library(SHIPPED_CONTENT)
    whole = {job.name for job in plan_jobs(library, Options(paper="all"))}
    for n in (1, 2, 3, 7):
        parts = [
            {job.name for job in plan_jobs(library, Options(paper="all", shard=(k, n)))}
            for k in range(1, n + 1)
        ]
        assert set().union(*parts) == whole
        assert sum(len(p) for p in parts) == len(whole)  # disjoint
    with pytest.raises(HandoutsError, match="K must be between 1 and N"):
        parse_shard("4/3")
    with pytest.raises(HandoutsError, match="--shard takes K/N"):
        parse_shard("half")


def test_every_combination_configured_is_planned(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    settings = content / "settings.yaml"
    settings.write_text(
        settings.read_text().replace("page_limit: 2", "page_limit: 2\npapers: [letter, a4]")
    )
    condition = content / "conditions" / "migraine.yaml"
    condition.write_text(
        condition.read_text().replace(
            "revised: 2026-12-03\n", "revised: 2026-12-03\nper_location: true\n", 1
        )
    )
    library = load_library(content)
    names = {job.name for job in plan_jobs(library, Options())}  # the default: all
    # 10 handouts x 2 languages x 2 papers, plus migraine's 2 clinic editions x 2 x 2.
    assert len(names) == 10 * 2 * 2 + 2 * 2 * 2
    assert {"migraine-manhattan-es-a4.pdf", "migraine-bourbonnais.pdf", "aftercare-a4.pdf"} <= names


def test_parallel_and_serial_builds_are_byte_identical(built, tmp_path: Path) -> None:
    content, out = built
    serial = tmp_path / "serial"
    build_catalog(Options(content=content, out=serial, jobs=1))
    for pdf in out.glob("*.pdf"):
        assert (serial / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_json_and_quiet_output_modes(built, tmp_path: Path, cli) -> None:
    content, out = built
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    result = cli("build", "--content", str(content), "--out", str(out2), "--json")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 20 and {r["status"] for r in records} == {"unchanged"}
    assert set(records[0]) == {
        "path", "condition", "language", "pages", "bytes", "status", "warnings"
    }  # fmt: skip
    quiet = cli(
        "build", "--content", str(content), "--out", str(out2), "--quiet", "--force", "migraine"
    )
    assert quiet.exit_code == 0 and quiet.stdout == ""


def test_example_ci_workflow_is_valid_and_uses_real_options() -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "ci" / "handouts.yml").read_text())
    assert set(workflow["jobs"]) == {"check", "build", "publish"}
    assert workflow["jobs"]["build"]["needs"] == "check"
    shards = workflow["jobs"]["build"]["strategy"]["matrix"]["shard"]
    for shard in shards:
        parse_shard(shard)
    assert len(shards) == int(shards[0].split("/")[1])
    runs = [
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    ]
    assert "handouts check" in runs
    import typer

    from cli import app

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for run in runs:
        if not run.startswith("handouts "):
            continue
        command = commands[run.split()[1]]
        known = {name for param in command.params for name in param.opts}
        for option in re.findall(r"(?<!\S)--[a-z-]+", run):
            assert option in known, f"{run}: no option {option}"
    assert "handouts catalog --out out" in runs


def test_the_web_app_and_the_terminal_are_not_part_of_the_engine(tmp_path: Path) -> None:
    engine = tmp_path / "engine"
    shutil.copytree(ROOT / "handouts", engine, ignore=shutil.ignore_patterns("__pycache__"))
    before = batch.engine_fingerprint(engine)
    for client in (engine / "serve" / "app.py", engine / "console.py"):
        client.write_text(client.read_text() + "\n# a change to a client of the engine\n")
    batch.engine_fingerprint.cache_clear()
    assert batch.engine_fingerprint(engine) == before
