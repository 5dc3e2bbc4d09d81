"""How full each page is, and the build's warnings about it: a page before the last left mostly
blank, a handout over its page limit, each naming the file, the block and how much."""

from __future__ import annotations

import shutil
from pathlib import Path

from handouts import load_library
from handouts.render.document import render_document
from handouts.render.pagefill import layout_warnings, overflow
from handouts.render.result import RenderedHandout
from tests.conftest import FIXTURES


def test_an_under_filled_page_names_the_block_that_moved_on() -> None:
    rendered = RenderedHandout(b"", 3, (0.3, 0.95, 0.5), ("", "when-to-call", "faq"), 600, 17)
    (warning,) = layout_warnings("aftercare.pdf", rendered, 3)
    assert warning.startswith("aftercare.pdf: page 1 of 3 is only 30 % full")
    assert "block 'when-to-call'" in warning and "starts page 2" in warning


def test_running_over_the_limit_says_which_block_and_by_how_much() -> None:
    rendered = RenderedHandout(b"", 3, (1.0, 0.9, 0.2), ("", "what-happens", "contact-us"), 600, 17)
    message = overflow(rendered, 2)
    assert message == (
        "3 pages, over its limit of 2 by about 7 lines of text (20 % of a page): from block "
        "'contact-us', which runs onto page 3"
    )
    assert overflow(rendered, 3) is None
    assert layout_warnings("migraine.pdf", rendered, None) == []  # large print: no limit


def test_a_real_layout_reports_each_page_and_the_block_that_starts_it() -> None:
    library = load_library(FIXTURES / "mini")
    rendered = render_document(library.handout("neck-pain"))
    assert len(rendered.fills) == len(rendered.first_blocks) == rendered.pages
    assert all(0 < fill <= 1 for fill in rendered.fills)
    assert rendered.first_blocks[0] == ""  # page 1 opens with the title
    assert rendered.frame_height > 500 and rendered.line_height > 16


def test_build_warns_but_writes_a_handout_over_its_limit(tmp_path: Path, cli) -> None:
    content = cli.cwd / "content"
    shutil.copytree(FIXTURES / "bilingual", content)
    settings = content / "settings.yaml"
    settings.write_text(settings.read_text().replace("page_limit: 2", "page_limit: 1"))
    neck = content / "conditions" / "neck.yaml"
    long_text = " ".join(["Ice can help the sore spot."] * 160)
    neck.write_text(neck.read_text().replace("Tight knots in the neck can hurt.", long_text))
    result = cli("build", "neck", "--lang", "en", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("warning: n")]
    assert warning.startswith("warning: neck.pdf: 3 pages, over its limit of 1 by about ")
    assert "from block 'neck-knots', which runs onto page 2" in warning
    assert (cli.cwd / "out" / "neck.pdf").is_file()
