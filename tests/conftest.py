"""Shared fixtures: real content folders in tmp dirs, real builds, real PDFs read with pypdf."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli import app
from tests.chromium import start_chromium
from tests.clirunner import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CONTENT = ROOT / "content"
TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"


class Cli:
    """Runs the Typer app in-process, in a working folder of its own."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.runner = CliRunner()

    def __call__(self, *args: str):
        return self.runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def cli(workdir: Path) -> Cli:
    return Cli(workdir)


@pytest.fixture
def shipped(workdir: Path) -> Path:
    """A copy of the shipped content, as content/ in the working folder."""
    shutil.copytree(SHIPPED_CONTENT, workdir / "content")
    return workdir / "content"


@pytest.fixture
def mini(workdir: Path) -> Path:
    """A small valid content folder, as content/ in the working folder."""
    shutil.copytree(FIXTURES / "mini", workdir / "content")
    return workdir / "content"


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalog, built once for all the tests that only read it."""
    from handouts import Options, build_catalog

    out = tmp_path_factory.mktemp("catalog")
    build_catalog(Options(content=SHIPPED_CONTENT, out=out))
    return out


@pytest.fixture(scope="session")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser saves what a page downloads."""
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="session")
def browser(downloads: Path) -> Iterator[Any]:
    """One headless Chromium for every browser test (the catalog page's and the web app's):
    starting one costs about 2 s of a core, once per xdist worker that runs a browser test.
    (Pinning them to one worker with `--dist loadgroup` measured no faster: 78.6 s vs 75.5 s.)"""
    driver = start_chromium("1280,1000", downloads)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


# Longest first: each xdist worker takes the next module in this order when it is free, so the
# many short modules fill the end and both workers finish together. Measured CPU, largest
# first (the browser's modules run together: SHARING_ONE_BROWSER); unlisted modules follow in
# their usual order.
SLOW_FIRST = (
    "serve/test_pages.py",
    "render/test_pagefill.py",
    "content/test_bad_content.py",
    "publish/test_patient_data.py",
    "cli/test_conventions.py",
    "render/test_isolation.py",
    "build/test_resilience.py",
    "test_docs.py",
    "cli/test_cli.py",
    "build/test_batch.py",
    "publish/test_delivery.py",
    "build/test_build.py",
    "render/test_golden.py",
    "render/test_pictures.py",
    "render/test_measure.py",
    "render/test_breaks.py",
    "render/test_tagging.py",
)


SHARING_ONE_BROWSER = ("tests/serve/", "tests/publish/test_catalog.py")
"""Modules that share the session's browser, web app server and mail relay: one xdist worker
runs them all, so the machine starts one of each, not one per worker."""


@pytest.hookimpl(optionalhook=True)  # without xdist (-p no:xdist) there is no such hook
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Whole modules to a worker (their module fixtures built once, not once per worker), and
    the browser's modules together. Measured on this 2-core machine: `--dist load` used 159 s
    of CPU for the suite, whole modules 140 s."""
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False  # keep SLOW_FIRST's order, not the most tests first

    class ByModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(SHARING_ONE_BROWSER):
                return "browser"
            return nodeid.split("::", 1)[0]

    return ByModule(config, log)


def pytest_configure(config: pytest.Config) -> None:
    """Compile the package's bytecode once, before any test starts a process. Where
    PYTHONDONTWRITEBYTECODE is set (this machine, CI) nothing else writes it, and each of the
    suite's ~75 console-script processes compiled ~70 modules again (a cold build: 0.48 s of
    CPU, 0.43 s with them compiled). Skipped in xdist's workers: the controller has done it."""
    if hasattr(config, "workerinput"):
        return
    import compileall

    for folder in ("handouts", "tests"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    compileall.compile_file(ROOT / "cli.py", quiet=1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.path.as_posix()
        return next((i for i, end in enumerate(SLOW_FIRST) if path.endswith(end)), len(SLOW_FIRST))

    items.sort(key=rank)
