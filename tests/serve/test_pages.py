"""The staff's pages in real Chromium against a real server: search, filter, preview, print,
personalise, download; axe-core on every page; the whole job done from the keyboard."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.chromium import paste
from tests.serve.conftest import (
    LONG_NOTE,
    NOTE,
    PATIENT,
    PROVIDER,
    Server,
    axe_violations,
    wait_for,
)

pytestmark = pytest.mark.usefixtures("browser")


def visible_titles(driver: Any) -> list[str]:
    """The titles of the cards shown, in order (one script, not a call per card)."""
    return driver.execute_script(  # type: ignore[no-any-return]
        "return [...document.querySelectorAll('.card')].filter(c => c.offsetParent !== null)"
        ".map(c => c.querySelector('.title').innerText)"
    )


def fresh_download(folder: Path, before: set[str], suffix: str) -> Path:
    def done() -> Path | None:
        new = [p for p in folder.iterdir() if p.name not in before and p.suffix == suffix]
        return new[0] if new else None

    return wait_for(done, what=f"a downloaded {suffix} file")


def test_search_as_you_type_in_english_or_spanish(browser: Any, server: Server) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(server.url + "/")
    assert len(visible_titles(browser)) == 20
    search = browser.find_element("id", "q")
    search.send_keys("migraña")
    assert visible_titles(browser) == [
        "Inyecciones en puntos gatillo para la migraña", "Zonas de tratamiento",
    ]  # fmt: skip
    search.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    search.send_keys("MIGRANA")  # no accent, capitals: the same handouts
    assert "Inyecciones en puntos gatillo para la migraña" in visible_titles(browser)
    search.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    search.send_keys("hielo")  # any word a handout says, not only its title
    assert "Después de su inyección en puntos gatillo" in visible_titles(browser)
    assert browser.find_element("id", "count").text.endswith("handouts / folletos")
    search.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    search.send_keys("xylophone")
    assert visible_titles(browser) == []
    assert browser.find_element("id", "empty").is_displayed()


def test_filters_choose_language_paper_large_print_and_clinic(browser: Any, server: Server) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get(server.url + "/")
    Select(browser.find_element("id", "lang")).select_by_value("es")
    Select(browser.find_element("id", "clinic")).select_by_value("manhattan")
    browser.find_element("id", "large").click()
    browser.find_element("css selector", ".filters button[type=submit]").click()
    wait_for(lambda: "lang=es" in browser.current_url, what="the filtered catalog")
    titles = visible_titles(browser)
    assert len(titles) == 10 and "Diario del dolor" in titles
    chips = [chip.text for chip in browser.find_elements("css selector", ".card:first-child .chip")]
    assert chips[:4] == [
        "Spanish · Español", "Letter paper · Papel carta", "Large print · Letra grande",
        "Manhattan only · Solo Manhattan",
    ]  # fmt: skip
    assert browser.find_element("css selector", ".card .facts").text.endswith("pages")
    link = browser.find_element("css selector", ".card .actions a").get_attribute("href")
    assert "lang=es" in link and "large=1" in link and "clinic=manhattan" in link
    pdf = server.request("GET", link.removeprefix(server.url))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body)).pages)
    assert "815 802-0077" in text and "815 802-0088" not in text  # Manhattan's edition only


CARD_CHIPS = """
return [...document.querySelectorAll('.card')].filter(c => c.offsetParent !== null).map(c => [
  c.querySelector('.title a').getAttribute('href'), c.dataset.lang,
  [...c.querySelectorAll('.chip')].map(x => x.innerText),
]);
"""


def card_chips(driver: Any) -> dict[tuple[str, str], list[str]]:
    """Each visible card's chips, by its handout and language (one script: a WebDriver call
    per element took seconds)."""
    return {
        (href.split("/handouts/")[1].split("?")[0], lang): chips
        for href, lang, chips in driver.execute_script(CARD_CHIPS)
    }


def test_chips_say_which_edition_every_card_is(browser: Any, server: Server) -> None:
    browser.get(server.url + "/?paper=a4&large=1&clinic=manhattan")
    chips = card_chips(browser)
    assert len(chips) == 20
    for (slug, lang), said in chips.items():
        language = {"en": "English · Inglés", "es": "Spanish · Español"}[lang]
        assert said[:4] == [language, "A4 paper · Papel A4", "Large print · Letra grande",
                            "Manhattan only · Solo Manhattan"], slug  # fmt: skip
    drafts = browser.find_elements("css selector", ".card .chip.draft")
    for draft in drafts:  # the marker speaks the handout's language (the page's: English)
        card = draft.find_element("xpath", "ancestor::li[contains(@class, 'card')]")
        assert (draft.get_attribute("lang") or "en") == card.get_attribute("data-lang")
    browser.get(server.url + "/")  # the default edition: Letter, every clinic, normal print
    assert all(said[1:2] == ["Letter paper · Papel carta"] and len(said) <= 3
               for said in card_chips(browser).values())  # fmt: skip


LANGUAGE_NAMES = [
    ("spanish", "es"), ("Español", "es"), ("espanol", "es"), ("ENGLISH", "en"),
    ("inglés", "en"), ("ingles", "en"),
]  # fmt: skip


def test_a_languages_name_in_either_language_finds_its_cards(browser: Any, server: Server) -> None:
    from urllib.parse import quote

    browser.get(server.url + "/")
    search = browser.find_element("id", "q")
    for typed, lang in LANGUAGE_NAMES:
        paste(browser, search, typed)  # typing key by key: test_search_as_you_type
        shown = card_chips(browser)
        assert len(shown) == 10 and {card_lang for _, card_lang in shown} == {lang}, typed
        # The same without the script: the page sent for ?q= shows the same cards.
        page = server.request("GET", "/?q=" + quote(typed)).text
        cards = re.findall(
            r'<li class="card" data-lang="(\w+)" data-search="[^"]*"( hidden)?>', page
        )
        assert sorted(card_lang for card_lang, hidden in cards if not hidden) == [lang] * 10


def test_nothing_found_says_what_to_do_and_clears(browser: Any, server: Server) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(server.url + "/?lang=es")
    empty = browser.find_element("id", "empty")
    assert not empty.is_displayed()
    search = browser.find_element("id", "q")
    search.send_keys("ice")  # an English word, looked for among the Spanish handouts only
    assert visible_titles(browser) == [] and empty.is_displayed()
    text = " ".join(empty.text.split())
    assert "No handout matches this search. · Ningún folleto coincide con esta búsqueda." in text
    assert "Check the spelling" in text and "Try the other language" in text
    live = browser.find_element("id", "results")
    assert live.get_attribute("aria-live") == "polite"
    assert browser.execute_script("return arguments[0].contains(arguments[1])", live, empty)
    assert axe_violations(browser) == []

    clear = browser.find_element("id", "clear")
    clear.send_keys(Keys.ENTER)  # clears in place: no new page, the focus back in the box
    assert search.get_attribute("value") == "" and not empty.is_displayed()
    assert len(visible_titles(browser)) == 10
    assert browser.switch_to.active_element == search

    search.send_keys("ice")
    browser.find_element("id", "all-languages").click()  # the other language, same word
    wait_for(lambda: "lang=all" in browser.current_url, what="every language")
    assert "q=ice" in browser.current_url
    assert "After your trigger point injection" in visible_titles(browser)
    assert not browser.find_element("id", "empty").is_displayed()


def test_a_handout_page_previews_its_pages(browser: Any, server: Server) -> None:
    browser.get(server.url + "/handouts/migraine?lang=es")
    assert browser.find_element("tag name", "h1").text == (
        "Inyecciones en puntos gatillo para la migraña"
    )
    pictures = browser.find_elements("css selector", ".pages img")
    assert len(pictures) >= 2
    for picture in pictures:
        browser.execute_script("arguments[0].scrollIntoView()", picture)
    wait_for(
        lambda: all(browser.execute_script("return arguments[0].naturalWidth", p) > 400
                    for p in pictures),
        what="every page's picture",
    )  # fmt: skip
    assert pictures[0].get_attribute("alt").startswith("Page 1 of ")
    print_link = browser.find_element("css selector", ".actions.big a")
    assert " ".join(print_link.text.split()).startswith("Print · Imprimir")
    assert print_link.get_attribute("target") == "_blank"
    assert "/pdf/migraine?lang=es" in print_link.get_attribute("href")


def test_personalise_and_download_from_the_form(
    browser: Any, server: Server, downloads: Path
) -> None:
    """The name on page 1 and nowhere else: not in other pages, the metadata, the file name,
    or anything the server printed (checked when the server stops)."""
    from selenium.webdriver.support.ui import Select

    browser.get(server.url + "/copy?handouts=aftercare")
    assert browser.find_element("id", "h-aftercare").is_selected()
    Select(browser.find_element("id", "lang")).select_by_value("es")
    browser.find_element("id", "patient").send_keys(PATIENT)
    browser.find_element("id", "provider").send_keys(PROVIDER)
    browser.find_element("id", "note").send_keys(NOTE)
    before = {p.name for p in downloads.iterdir()}
    browser.find_element("css selector", "button[value=download]").click()
    saved = fresh_download(downloads, before, ".pdf")
    assert saved.name == "handout-personal.pdf"
    reader = PdfReader(saved)
    texts = [page.extract_text() for page in reader.pages]
    assert PATIENT in texts[0] and NOTE in texts[0] and "Preparado para" in texts[0]
    assert not any("Zelda" in text for text in texts[1:])
    assert "Zelda" not in str(reader.metadata) and "Zelda" not in str(reader.outline)
    assert b"Zelda" not in saved.read_bytes()  # not even as uncompressed text anywhere
    status = browser.find_element("id", "status")
    assert "downloaded" in status.text and "more than" not in status.text  # it kept its pages

    # A note that makes the copy a page longer: the form says which handout and what helps.
    browser.find_element("id", "large_print").click()
    for field in ("patient", "provider", "note"):
        paste(browser, browser.find_element("id", field), LONG_NOTE[field])
    browser.find_element("css selector", "button[value=download]").click()
    said = wait_for(lambda: "more than" in status.text and status.text, what="the warning")
    assert said == (
        "The PDF was downloaded. The personal copy of aftercare (es) has 4 pages, 1 more than the "
        "copy without patient details; a shorter note keeps it to 3."
    )


def test_a_mistake_is_named_and_what_was_typed_stays(browser: Any, server: Server) -> None:
    browser.get(server.url + "/copy?handouts=migraine")
    browser.find_element("id", "patient").send_keys(PATIENT)
    browser.find_element("id", "visit_date").send_keys("12")  # half a date: the browser sends ''
    browser.find_element("id", "password").clear()
    browser.find_element("id", "password").send_keys("short")
    browser.find_element("id", "protect").click()
    browser.find_element("css selector", "button[value=download]").click()
    problem = wait_for(
        lambda: (
            browser.find_element("id", "problem").is_displayed()
            and browser.find_element("id", "problem")
        ),
        what="the problem message",
    )
    assert "password must have 8 to 128 characters" in problem.text
    active = browser.switch_to.active_element
    assert active.get_attribute("id") == "password" and active.get_attribute("aria-invalid")
    assert browser.find_element("id", "patient").get_attribute("value") == PATIENT


def test_print_opens_the_pdf_in_a_new_tab(browser: Any, server: Server) -> None:
    browser.get(server.url + "/copy?handouts=aftercare&handouts=pain-diary")
    assert "Packet order: 1." in browser.find_element("id", "packet-order").text
    browser.find_element("id", "patient").send_keys(PATIENT)
    first = browser.current_window_handle
    browser.find_element("css selector", "button[value=print]").click()
    wait_for(lambda: len(browser.window_handles) == 2, what="a new tab")
    other = next(handle for handle in browser.window_handles if handle != first)
    browser.switch_to.window(other)
    wait_for(lambda: browser.current_url.startswith("blob:"), what="the PDF in the new tab")
    browser.close()
    browser.switch_to.window(first)


PAGES = ["/", "/?lang=es&large=1", "/?paper=a4&large=1&clinic=manhattan", "/?lang=es&q=xylophone",
         "/handouts/pain-diary", "/copy?handouts=migraine", "/admin", "/login",
         "/no-such-page"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_every_page_passes_axe_wcag_21_aa(browser: Any, server: Server, path: str) -> None:
    browser.get(server.url + path)
    assert axe_violations(browser) == []


def test_a_mistake_on_the_form_passes_axe_too(browser: Any, server: Server) -> None:
    browser.get(server.url + "/copy?handouts=migraine")
    browser.find_element("id", "note").send_keys(NOTE)  # a note without a name
    browser.find_element("css selector", "button[value=download]").click()
    wait_for(lambda: browser.find_element("id", "problem").is_displayed(), what="the problem")
    assert axe_violations(browser) == []


def test_keyboard_alone_finds_opens_and_makes_a_copy(
    browser: Any, server: Server, downloads: Path
) -> None:
    """Tab, type, Space and Enter only: search, open a handout, go to the patient form,
    tick a second handout, fill the name in, and download the packet."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    def press(*keys: str) -> None:
        ActionChains(browser).send_keys(*keys).perform()

    def focused() -> dict[str, str]:
        """The focused element, read in one script (a WebDriver call per attribute, on every
        Tab, cost this test most of its time)."""
        return browser.execute_script(  # type: ignore[no-any-return]
            "const el = document.activeElement;"
            "return {id: el.id, tag: el.tagName.toLowerCase(), text: el.innerText || '',"
            " value: el.value || '', outline: getComputedStyle(el).outlineStyle};"
        )

    def tab_to(check: Any, limit: int = 80) -> dict[str, str]:
        for _ in range(limit):
            press(Keys.TAB)
            now = focused()
            if check(now):
                return now
        raise AssertionError("not reachable by Tab")

    browser.get(server.url + "/")
    press(Keys.TAB)
    assert focused()["text"] == "Skip to the main content"
    tab_to(lambda el: el["id"] == "q")
    press("fibromialgia")
    title = tab_to(lambda el: el["tag"] == "a" and "fibromialgia" in el["text"])
    assert title["outline"] != "none"  # the focus is visible
    press(Keys.ENTER)
    wait_for(lambda: "/handouts/fibromyalgia" in browser.current_url, what="the handout page")
    tab_to(lambda el: el["text"].startswith("Copy for a patient"))
    press(Keys.ENTER)
    wait_for(lambda: "/copy" in browser.current_url, what="the copy form")
    tab_to(lambda el: el["id"] == "h-aftercare")
    press(Keys.SPACE)
    assert "Packet order: 1." in browser.find_element("id", "packet-order").text
    tab_to(lambda el: el["id"] == "patient")
    press(PATIENT)
    before = {p.name for p in downloads.iterdir()}
    tab_to(lambda el: el["value"] == "download")
    press(Keys.ENTER)
    saved = fresh_download(downloads, before, ".pdf")
    assert saved.name == "packet-personal.pdf"
    outline_titles = [i.title for i in PdfReader(saved).outline if not isinstance(i, list)]
    assert outline_titles == [  # the Spanish card led to the Spanish edition
        "Inyecciones en puntos gatillo para la fibromialgia",
        "Después de su inyección en puntos gatillo",
    ]


def test_email_from_the_form_as_a_draft_and_sent(
    browser: Any, server: Server, downloads: Path, inbox: Any
) -> None:
    import email
    from email import policy

    from tests.serve.conftest import EMAIL

    browser.get(server.url + "/copy?handouts=aftercare")
    browser.find_element("id", "patient").send_keys(PATIENT)
    browser.find_element("id", "email").send_keys(EMAIL)
    password = browser.find_element("id", "password").get_attribute("value")
    assert len(password) == 14  # the suggestion: three groups of four
    before = {p.name for p in downloads.iterdir()}
    browser.find_element("css selector", "button[value=eml]").click()
    draft = fresh_download(downloads, before, ".eml")
    message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and message["To"] == EMAIL
    status = browser.find_element("id", "mail-status")
    assert "password another way" in status.text

    received = len(inbox.received)
    browser.find_element("css selector", "button[value=send]").click()
    wait_for(lambda: "The email was sent" in status.text, what="the sent message")
    envelope, _ = inbox.received[received]
    sent = email.message_from_bytes(envelope.original_content, policy=policy.default)
    attachment = next(iter(sent.iter_attachments())).get_content()
    reader = PdfReader(io.BytesIO(attachment))
    assert reader.decrypt(password) and PATIENT in reader.pages[0].extract_text()
