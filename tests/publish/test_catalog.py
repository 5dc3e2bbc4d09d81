"""The front desk's catalog page, opened in a real headless Chromium."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from handouts.publish.catalog import read_entries
from tests.chromium import paste
from tests.conftest import SHIPPED_CONTENT
from tests.serve.conftest import axe_violations, wait_for


def test_catalog_lists_every_public_handout_with_facts(catalog: Path) -> None:
    html = (catalog / "index.html").read_text(encoding="utf-8")
    entries = read_entries(catalog)
    assert len(entries) == 20
    assert entries[0].file == "aftercare.pdf" and entries[1].file == "aftercare-es.pdf"
    for entry in entries:
        assert f'href="{entry.file}"' in html
        assert entry.thumbnail.startswith("data:image/jpeg;base64,")
    assert '<li class="chip language">Spanish<span lang="es"> / Español</span></li>' in html
    assert '<p class="facts">2 pages · ' in html
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


@pytest.fixture
def browser(browser):
    """The session's browser in this page's window size (the web app's tests use another)."""
    browser.set_window_size(1200, 900)
    yield browser
    browser.set_window_size(1280, 1000)


def _visible_titles(driver) -> list[str]:
    """The titles of the cards shown, in order (one script, not a call per card)."""
    return driver.execute_script(  # type: ignore[no-any-return]
        "return [...document.querySelectorAll('.card')].filter(c => c.offsetParent !== null)"
        ".map(c => c.querySelector('.title').innerText)"
    )


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


# ---- Which copy a card is, language names, the empty-result hint, Print (issue 15) ----------


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory, catalog: Path) -> Path:
    """The shipped catalog plus migraine's other copies, as `handouts build migraine` makes
    them with `--paper all` (settings.yaml listing letter and a4) `--large-print`, and with
    `--clinic manhattan`; then `handouts catalog`."""
    from handouts import Options, build_catalog
    from handouts.build.run import rewrite_catalog

    root = tmp_path_factory.mktemp("editions")
    content, out = root / "content", root / "out"
    shutil.copytree(SHIPPED_CONTENT, content)
    settings = content / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\npapers: [letter, a4]\n")
    shutil.copytree(catalog, out)
    migraine = {"content": content, "out": out, "conditions": ("migraine",), "jobs": 1}
    build_catalog(Options(**migraine, paper="all", large_print=True))
    build_catalog(Options(**migraine, paper="all", clinic="manhattan"))
    rewrite_catalog(Options(content=content, out=out))
    return out


CARDS = """
return [...document.querySelectorAll('.card')].filter(c => c.offsetParent !== null).map(c => {
  const link = c.querySelector('a.print');
  const chips = [...c.querySelectorAll('.chip')];
  return {
    file: link.getAttribute('href').split('/').pop(), lang: c.dataset.lang,
    target: link.getAttribute('target'), text: link.innerText, label: link.textContent,
    chips: chips.map(x => x.innerText.split(/\\s+/).join(' ').trim()),
    kinds: chips.map(x => x.className.split(' ')[1]),
    langs: chips.map(x => x.getAttribute('lang')),
    colours: chips.map(x => [getComputedStyle(x).color, getComputedStyle(x).backgroundColor]),
  };
});
"""


def _cards(driver) -> dict[str, dict]:
    """Each visible card by its PDF's name: chips' texts, classes, languages and colours, and
    its print link's target and words (one script: a call per element took seconds)."""
    return {card["file"]: card for card in driver.execute_script(CARDS)}


ENGLISH, SPANISH = "English / Inglés", "Spanish / Español"
LETTER, A4, LARGE = (
    "Letter paper / Papel carta",
    "A4 paper / Papel A4",
    "Large print / Letra grande",
)
MANHATTAN = "Manhattan only / Solo Manhattan"


def test_chips_say_which_copy_each_card_is(browser, editions: Path) -> None:
    browser.get((editions / "index.html").as_uri())
    cards = _cards(browser)
    entries = {e.file: e for e in read_entries(editions)}
    assert set(cards) == set(entries) and len(cards) == 28
    expected = {
        "migraine.pdf": [ENGLISH, LETTER],
        "migraine-es.pdf": [SPANISH, LETTER],
        "migraine-large.pdf": [ENGLISH, LETTER, LARGE],
        "migraine-large-a4.pdf": [ENGLISH, A4, LARGE],
        "migraine-es-large-a4.pdf": [SPANISH, A4, LARGE],
        "migraine-manhattan.pdf": [ENGLISH, LETTER, MANHATTAN],
        "migraine-manhattan-es-a4.pdf": [SPANISH, A4, MANHATTAN],
    }
    for name, chips in expected.items():
        draft = [entries[name].draft] if entries[name].draft else []
        assert cards[name]["chips"] == chips + draft, name
    # The draft marker is a chip in the handout's own language; the rest say it in both.
    spanish = cards["migraine-es-large-a4.pdf"]
    assert spanish["kinds"] == ["language", "paper", "large", "draft"][: len(spanish["kinds"])]
    assert spanish["langs"][-1] == ("es" if entries["migraine-es-large-a4.pdf"].draft else None)
    # Readable: every chip's text at 4.5:1 or more on its own background (words, not colour).
    for name, card in cards.items():
        for text, (color, background) in zip(card["chips"], card["colours"], strict=True):
            assert _contrast(color, background) >= 4.5, (name, text)


def _contrast(color: str, background: str) -> float:
    def luminance(rgb: str) -> float:
        channels = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : -1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(color), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


LANGUAGE_NAMES = [
    ("spanish", "es"), ("español", "es"), ("espanol", "es"), ("ESPAÑOL", "es"),
    ("english", "en"), ("inglés", "en"), ("ingles", "en"), ("Ingles", "en"),
]  # fmt: skip
VISIBLE_LANGS = (
    "return [...document.querySelectorAll('.card')]"
    ".filter(c => c.offsetParent !== null).map(c => c.dataset.lang)"
)


def test_a_languages_name_in_either_language_finds_its_cards(browser, editions: Path) -> None:
    browser.get((editions / "index.html").as_uri())
    search = browser.find_element("id", "search")
    for typed, lang in LANGUAGE_NAMES:
        paste(browser, search, typed)  # typing key by key: the search-as-you-type test
        langs = browser.execute_script(VISIBLE_LANGS)
        assert len(langs) == 14 and set(langs) == {lang}, typed
        assert browser.find_element("id", "count").text == "14 handouts / folletos", typed


def test_a_language_name_narrows_other_words(browser, editions: Path) -> None:
    browser.get((editions / "index.html").as_uri())
    browser.find_element("id", "search").send_keys("spanish fibro")
    assert _visible_titles(browser) == ["Inyecciones en puntos gatillo para la fibromialgia"]
    assert browser.find_element("id", "count").text == "1 handout / folleto"


def test_nothing_found_says_what_to_do_and_clears(browser, editions: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get((editions / "index.html").as_uri())
    empty = browser.find_element("id", "empty")
    assert not empty.is_displayed()  # not before anything is typed
    search = browser.find_element("id", "search")
    search.send_keys("xylophone")
    assert _visible_titles(browser) == [] and empty.is_displayed()
    text = " ".join(empty.text.split())
    assert "No handout matches this search." in text
    assert "Ningún folleto coincide con esta búsqueda." in text
    assert "Check the spelling" in text and "Try the other language" in text
    live = browser.find_element("id", "results")
    assert live.get_attribute("aria-live") == "polite"
    assert browser.execute_script("return arguments[0].contains(arguments[1])", live, empty)
    assert axe_violations(browser) == []  # the hint, shown, passes too

    # The button clears the search, shows every card and hands the focus back to the box.
    clear = browser.find_element("id", "clear")
    assert " ".join(clear.text.split()) == "Clear the search / Borrar la búsqueda"
    clear.send_keys(Keys.ENTER)
    assert search.get_attribute("value") == "" and not empty.is_displayed()
    assert len(_visible_titles(browser)) == 28
    assert browser.switch_to.active_element == search


def test_each_card_has_a_print_button_that_opens_its_pdf_in_a_new_tab(
    browser, editions: Path
) -> None:
    browser.get((editions / "index.html").as_uri())
    cards = _cards(browser)
    for name, card in cards.items():
        assert card["target"] == "_blank", name
        assert " ".join(card["text"].split()).startswith("Print / Imprimir"), name
        assert "opens the PDF in a new tab" in card["label"], name
    # Two cards alike but for their paper are told apart by a screen reader too.
    letter, a4 = (cards[n]["label"] for n in ("migraine-large.pdf", "migraine-large-a4.pdf"))
    assert "Letter paper" in letter and "A4 paper" in a4
    first = browser.current_window_handle
    browser.find_element("css selector", '.card a.print[href$="aftercare-es.pdf"]').click()
    try:
        wait_for(lambda: len(browser.window_handles) == 2, what="the PDF's new tab")
    finally:
        for handle in browser.window_handles:
            if handle != first:
                browser.switch_to.window(handle)
                browser.close()
        browser.switch_to.window(first)


def test_the_catalog_page_passes_axe_wcag_21_aa(browser, editions: Path) -> None:
    browser.get((editions / "index.html").as_uri())
    assert axe_violations(browser) == []
