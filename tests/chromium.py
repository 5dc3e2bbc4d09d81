"""Debian's Chromium through selenium, started the way this machine allows (no network, no
sandbox as root), for the catalog page's and the web app's browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def start_chromium(window: str, downloads: Path | None = None) -> Any:
    """A headless Chromium driver; the test is skipped, with the reason, where there is none."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip(
            f"Chromium not installed ({CHROMIUM}, {CHROMEDRIVER}): apt-get install "
            "chromium chromium-driver"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--window-size={window}", "--disable-dev-shm-usage",
    ):  # fmt: skip
        options.add_argument(flag)
    if downloads is not None:
        prefs = {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
        }
        options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    if downloads is not None:
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
    return driver


def paste(driver: Any, field: Any, text: str) -> None:
    """Replace what a text field holds with `text` as one input, as pasting it (or choosing a
    phone keyboard's suggestion) does: the page's own input handlers run once, in the browser,
    instead of once per key. A test of typing key by key uses send_keys; a test that looks up
    many words (each key cost Chromium about 25 ms of a core on the catalog) pastes them."""
    from selenium.webdriver.common.keys import Keys

    field.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    driver.execute_cdp_cmd("Input.insertText", {"text": text})
