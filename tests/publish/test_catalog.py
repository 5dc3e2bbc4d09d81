"""The front desk's catalog page, opened in a real headless Chromium."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from handouts.publish.catalog import read_entries
from tests.chromium import start_chromium


def test_catalog_lists_every_public_handout_with_facts(catalog: Path) -> None:
    html = (catalog / "index.html").read_text(encoding="utf-8")
    entries = read_entries(catalog)
    assert len(entries) == 20
    assert entries[0].file == "aftercare.pdf" and entries[1].file == "aftercare-es.pdf"
    for entry in entries:
        assert f'href="{entry.file}"' in html
        assert entry.thumbnail.startswith("data:image/jpeg;base64,")
    assert "Español · 2 pages" in html
    assert "http://" not in html and "https://" not in html  # nothing to fetch: works offline
    assert '<label for="search">' in html


def test_any_word_a_handout_says_finds_it(catalog: Path) -> None:
    """The search reads each part's own text (handouts/parts/), not just titles and keywords:
    "ice" finds the aftercare sheet, "hielo" its Spanish copy."""
    cards = {e.file: e.search.split() for e in read_entries(catalog)}
    assert "ice" in cards["aftercare.pdf"] and "hielo" in cards["aftercare-es.pdf"]
    assert "hielo" not in cards["aftercare.pdf"]
    html = (catalog / "index.html").read_text(encoding="utf-8")
    assert 'data-search="after your trigger point injection' in html
    assert all(len(words) > 40 for words in cards.values())


def test_only_what_the_manifest_records_as_generic_is_listed(catalog: Path, tmp_path: Path) -> None:
    """A personal copy or packet saved in out/ (whatever its name), a stray or damaged PDF, a
    folder or link named *.pdf, a file named like a link: none is ever a card."""
    out = tmp_path / "out"
    shutil.copytree(catalog, out)
    for name in ("visit.pdf", "migraine-personal.pdf", "packet-migraine-aftercare.pdf"):
        shutil.copy(catalog / "migraine.pdf", out / name)
    (out / "javascript:alert(1);.pdf").write_bytes(b"%PDF-1.4 stray")
    (out / "damaged.pdf").write_bytes(b"%PDF-1.4 \x00\x01 not a pdf")
    (out / "folder.pdf").mkdir()
    (out / "dangling.pdf").symlink_to(out / "nowhere.pdf")
    listed = [e.file for e in read_entries(out)]
    assert len(listed) == 20 and set(listed) == {e.file for e in read_entries(catalog)}
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["files"]["javascript:alert(1);.pdf"] = manifest["files"]["migraine.pdf"]
    (out / "manifest.json").write_text(json.dumps(manifest))  # edited by hand: not our name
    assert len(read_entries(out)) == 20


def test_catalog_facts_come_from_the_manifest_only_while_the_file_matches_it(
    catalog: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(catalog, out)
    recorded = {e.file: e for e in read_entries(out)}
    assert recorded["migraine.pdf"].title == "Trigger point injections for migraine"
    assert "headache" in recorded["migraine.pdf"].keywords
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["files"]["aftercare.pdf"]["title"] = "Read from the manifest"
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert read_entries(out)[0].title == "Read from the manifest"  # the PDF was not reopened

    # Replaced by hand with other bytes: the manifest no longer describes it, so it is not
    # listed (it might be anything, a patient's copy included).
    shutil.copy(out / "fibromyalgia-es.pdf", out / "migraine.pdf")
    assert "migraine.pdf" not in {e.file for e in read_entries(out)}
    assert len(read_entries(out)) == 19


def test_the_catalog_lists_every_shard_of_a_ci_matrix(catalog: Path, tmp_path: Path) -> None:
    """Each shard of docs/ci/handouts.yml renames its manifest; the joined folder lists all."""
    out = tmp_path / "out"
    shutil.copytree(catalog, out)
    files = json.loads((out / "manifest.json").read_text())["files"]
    names = sorted(files)
    for k, part in enumerate((names[:7], names[7:]), start=1):
        shard = {"engine": "x", "files": {name: files[name] for name in part}}
        (out / f"manifest-{k}-of-2.json").write_text(json.dumps(shard))
    (out / "manifest.json").unlink()
    assert len(read_entries(out)) == 20


@pytest.fixture(scope="module")
def browser():
    driver = start_chromium("1200,900")
    yield driver
    driver.quit()


def _visible_titles(driver) -> list[str]:
    cards = driver.find_elements("css selector", ".card")
    return [c.find_element("css selector", ".title").text for c in cards if c.is_displayed()]


def test_search_filters_cards_as_you_type_in_both_languages(
    browser, catalog: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get((catalog / "index.html").as_uri())
    assert len(_visible_titles(browser)) == 20
    search = browser.find_element("id", "search")

    search.send_keys("migraña")  # the Spanish word, accents and all
    assert _visible_titles(browser) == [
        "Inyecciones en puntos gatillo para la migraña", "Zonas de tratamiento",
    ]  # fmt: skip
    search.clear()
    search.send_keys("migrana")  # typed without the accent: same result
    assert "Inyecciones en puntos gatillo para la migraña" in _visible_titles(browser)

    search.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    search.send_keys("fibro")
    assert _visible_titles(browser) == [
        "Trigger point injections for fibromyalgia",
        "Inyecciones en puntos gatillo para la fibromialgia",
    ]
    assert browser.find_element("id", "count").text == "2 handouts / folletos"

    # Keyboard: Tab from the search box lands on the first visible card's link.
    search.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("href").endswith("fibromyalgia.pdf")
    shot = tmp_path / "catalog.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_the_catalog_command_survives_a_hostile_out_folder(
    catalog: Path, tmp_path: Path, cli, monkeypatch
) -> None:
    """A damaged or deeply nested manifest costs only a rebuild (no card, no traceback); a
    killed run's temporary page is cleared; an unwritable or full folder is a clean message."""
    import errno
    import os

    from tests.conftest import SHIPPED_CONTENT

    out = tmp_path / "out"
    shutil.copytree(catalog, out)
    (out / ".index.html.999999999.dead.part").write_text("a killed run's page")
    content = ["--content", str(SHIPPED_CONTENT), "--out", str(out)]
    assert cli("catalog", *content).exit_code == 0
    assert not list(out.glob(".*.part"))
    (out / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    result = cli("catalog", *content)
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert '<li class="card"' not in (out / "index.html").read_text()
    rebuilt = cli("build", *content, "--jobs", "1", "-q")
    assert rebuilt.exit_code == 0 and len(read_entries(out)) == 20

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = cli("catalog", *content)
    assert result.exit_code == 1
    assert "index.html: the disk is full" in result.stderr
    assert "Traceback" not in result.output
