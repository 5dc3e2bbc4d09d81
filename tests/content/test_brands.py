"""Brands without copying medicine: a clinic's folder with its own brand.yaml inherits every
block, condition, picture and setting from a base folder, overrides the files it has, and says
so in `handouts list`; the words around the phone numbers come from the brand, for one clinic
or several. Read back from the PDFs a patient gets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handouts import Options, build_catalog, load_library, render_handout
from handouts.build.plan import plan_jobs
from handouts.build.run import check_content, stale_outputs
from handouts.content.library import Library
from handouts.errors import ContentErrors
from handouts.serve.live import LiveContent
from tests.conftest import FIXTURES, ROOT, SHIPPED_CONTENT
from tests.pdftext import page_texts

EXAMPLE = ROOT / "examples" / "one-clinic"

CLINIC_BRAND = """\
inherits: ../base
name: Lakeside Clinic
colours:
  primary: "#5B2C6F"
  accent: "#2E7D6B"
  text: "#1B1B1B"
locations:
  - slug: lakeside
    name: Lakeside Clinic
    phone: 555-0142
"""


def text_of(pdf: bytes | Path) -> str:
    """Every page's text, as a reader extracts it, with spaces normalised."""
    return " ".join(" ".join(page.split()) for page in page_texts(pdf))


def make_clinic(tmp_path: Path, fixture: str = "mini", brand: str = CLINIC_BRAND) -> Path:
    """tmp/base (a copy of a fixture) and tmp/clinic, whose brand.yaml inherits it."""
    shutil.copytree(FIXTURES / fixture, tmp_path / "base")
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "brand.yaml").write_text(brand, encoding="utf-8")
    return clinic


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as raised:
        load_library(root)
    return [str(error) for error in raised.value.errors]


# ---- the shipped example: examples/one-clinic over content/ --------------------------------


@pytest.fixture(scope="module")
def shipped_library() -> Library:
    return load_library(SHIPPED_CONTENT)


@pytest.fixture(scope="module")
def riverside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/one-clinic, with content/ beside it as in the repository."""
    folder = tmp_path_factory.mktemp("riverside")
    shutil.copytree(SHIPPED_CONTENT, folder / "content")
    shutil.copytree(EXAMPLE, folder / "examples" / "one-clinic")
    return folder / "examples" / "one-clinic"


def test_the_example_clinic_has_only_its_brand_and_inherits_every_handout(
    riverside: Path, shipped_library: Library
) -> None:
    """Every check a build runs before rendering passes, for the 20 handouts content/ has.
    (Rendering all 20 takes seconds: the two below are read back, the build was run by hand.)"""
    assert sorted(path.name for path in riverside.iterdir()) == ["brand.es.yaml", "brand.yaml"]
    library = check_content(riverside)
    names = [job.name for job in plan_jobs(library, Options())]
    base = shipped_library
    assert len(names) == 20 == len(list(base.handouts("en"))) * len(base.languages)
    assert library.conditions == base.conditions and library.blocks == base.blocks


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_example_reads_right_for_one_clinic(
    riverside: Path, shipped_library: Library, lang: str
) -> None:
    library = load_library(riverside)
    text = text_of(render_handout(library, "migraine", lang=lang).data)
    base = shipped_library.handout("migraine", lang=lang)
    for block in base.blocks[:-1]:  # the base's medicine, every block but the contacts
        assert " ".join(block.heading.split()) in text
    assert "Riverside Pain Clinic" in text and "555-0100" in text
    assert "Bourbonnais" not in text and "815 802" not in text
    if lang == "en":
        assert "Call us to set up a visit, ask a question or get a cost estimate." in text
        assert "Call us: Riverside Pain Clinic 555-0100" in text  # every page's footer
    else:
        assert "Llámenos para una cita o una pregunta." in text
        assert "Llámenos: Riverside Pain Clinic 555-0100" in text
    for words in ("either", "one of our clinics", "cualquiera", "nuestras clínicas"):
        assert words not in text


def test_a_clinic_with_only_its_brand_builds_every_handout_of_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    clinic = make_clinic(tmp_path, "bilingual")
    (clinic / "brand.es.yaml").write_text("tagline: Cuidado cerca del lago\n", encoding="utf-8")
    (clinic / "brand.yaml").write_text(
        CLINIC_BRAND + "tagline: Care by the lake\n", encoding="utf-8"
    )
    result = build_catalog(Options(content=clinic, out=tmp_path / "out", jobs=1))
    assert sorted(built.path.name for built in result.built) == ["neck-es.pdf", "neck.pdf"]
    english, spanish = (
        text_of(tmp_path / "out" / "neck.pdf"),
        text_of(tmp_path / "out" / "neck-es.pdf"),
    )
    for text, tagline in ((english, "Care by the lake"), (spanish, "Cuidado cerca del lago")):
        assert "Lakeside Clinic" in text and "555-0142" in text and tagline in text
        assert "Mini Clinic" not in text and "North" not in text
    assert "Tight knots in the neck can hurt." in english  # the base's text, in each language
    assert "Los nudos tensos" in spanish and "Llámenos: Lakeside Clinic 555-0142" in spanish


# ---- inheritance ---------------------------------------------------------------------------


def test_an_overridden_block_is_used_and_the_rest_inherited(tmp_path: Path) -> None:
    clinic = make_clinic(tmp_path)
    (clinic / "blocks").mkdir()
    own = (tmp_path / "base" / "blocks" / "aftercare.yaml").read_text(encoding="utf-8")
    base_words = "Use ice as we told you."
    assert base_words in own
    (clinic / "blocks" / "aftercare.yaml").write_text(
        own.replace(base_words, "Lakeside lends you an ice pack."), encoding="utf-8"
    )
    library = load_library(clinic)
    text = text_of(render_handout(library, "neck-pain").data)
    assert "Lakeside lends you an ice pack." in text and base_words not in text
    assert "Tight knots in the neck can cause pain." in text  # the base's condition
    assert "Lakeside Clinic" in text and "Mini Clinic" not in text


def test_list_says_what_is_own_overridden_or_inherited(tmp_path: Path, cli) -> None:
    clinic = make_clinic(tmp_path)
    (clinic / "blocks").mkdir()
    shutil.copy(tmp_path / "base" / "blocks" / "aftercare.yaml", clinic / "blocks")
    (clinic / "conditions").mkdir()
    condition = (tmp_path / "base" / "conditions" / "neck-pain.yaml").read_text(encoding="utf-8")
    (clinic / "conditions" / "back-pain.yaml").write_text(
        condition.replace("slug: neck-pain", "slug: back-pain").replace(
            "id: neck-knots", "id: back-knots"
        ),
        encoding="utf-8",
    )
    result = cli("list", "--content", str(clinic))
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert lines[0] == "Inherits from: base"
    assert "back-pain Neck pain (own)" in lines
    assert "neck-pain Neck pain (inherited from base)" in lines
    assert (
        "aftercare After your injection (used by 2; overrides base/blocks/aftercare.yaml)" in lines
    )
    assert "contact-us Call us (used by 2; inherited from base)" in lines
    assert "lakeside Lakeside Clinic 555-0142" in lines


def test_error_messages_name_the_real_file_in_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    clinic = make_clinic(tmp_path)
    block = tmp_path / "base" / "blocks" / "contact-us.yaml"
    block.write_text(block.read_text().replace("heading:", "headng:"), encoding="utf-8")
    found = problems(clinic)
    assert any(p.startswith("base/blocks/contact-us.yaml:2:1: ") for p in found), found


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("../nowhere", "base content folder '../nowhere' not found (looked for nowhere)"),
        ("/srv/content", "'/srv/content' is not relative to this folder"),
        (".", "'.' is this folder itself (a cycle)"),
        ("../base/blocks", "'../base/blocks' (base/blocks) is not a content folder"),
        ("../loop", "a cycle: '../loop' inherits this folder back (loop/brand.yaml:1)"),
        ("../middle", "'../middle' itself inherits another folder (middle/brand.yaml:1)"),
    ],
)
def test_a_bad_inherits_is_located_at_its_line(
    tmp_path: Path, written: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    clinic = make_clinic(tmp_path, brand=CLINIC_BRAND.replace("../base", written))
    for name, target in (("loop", "../clinic"), ("middle", "../base")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "conditions").mkdir()
        brand = (tmp_path / "base" / "brand.yaml").read_text(encoding="utf-8")
        (tmp_path / name / "brand.yaml").write_text(
            f"inherits: {target}\n{brand}", encoding="utf-8"
        )
    found = problems(clinic)
    assert any(p.startswith(f"clinic/brand.yaml:1:11: {expected}") for p in found), found


def test_files_stay_inside_their_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clinic's file that links into the base, a logo path that climbs into it, and a base
    file that links out of the base are refused like any link out of a content folder."""
    monkeypatch.chdir(tmp_path)
    clinic = make_clinic(tmp_path, brand=CLINIC_BRAND + "logo: ../base/logo.svg\n")
    shutil.copy(FIXTURES / "acme-brand" / "images" / "logo.svg", tmp_path / "base" / "logo.svg")
    (clinic / "blocks").mkdir()
    (clinic / "blocks" / "aftercare.yaml").symlink_to(
        tmp_path / "base" / "blocks" / "aftercare.yaml"
    )
    outside = tmp_path / "contact-us.yaml"
    shutil.move(tmp_path / "base" / "blocks" / "contact-us.yaml", outside)
    (tmp_path / "base" / "blocks" / "contact-us.yaml").symlink_to(outside)
    found = problems(clinic)
    link = "this is a link to a file outside the content folder"
    copy = "copy the file into the folder instead of linking to it"
    assert f"clinic/blocks/aftercare.yaml: {link}; {copy}" in found
    assert any(p.startswith(f"base/blocks/contact-us.yaml: {link}") for p in found), found
    assert any("the logo must be a file inside the content folder" in p for p in found), found


# ---- wording for one clinic or several ----------------------------------------------------


COUNTED = """\
wording:
  call: {one: "Call the clinic:", other: "Call either clinic:"}
  contacts:
    one: Call the clinic for a visit.
    other: Call either clinic for a visit.
"""
CONTADO = """\
tagline: Una marca pequeña de prueba
wording:
  call: {one: "Llame a la clínica:", other: "Llame a cualquiera de las clínicas:"}
  contacts:
    one: Llame a la clínica para una cita.
    other: Llame a cualquiera de las clínicas para una cita.
"""


def test_the_brands_wording_follows_how_many_clinics_a_copy_lists(workdir: Path) -> None:
    base = workdir / "content"
    shutil.copytree(FIXTURES / "bilingual", base)
    (base / "brand.yaml").write_text((base / "brand.yaml").read_text() + COUNTED, encoding="utf-8")
    (base / "brand.es.yaml").write_text(CONTADO, encoding="utf-8")
    library = load_library(base)
    both = text_of(render_handout(library, "neck").data)
    assert "Call either clinic for a visit. North" in both
    assert "Call either clinic: North 555 010-0001 · South 555 010-0002" in both
    north = text_of(render_handout(library, "neck", clinic="north").data)  # lists one clinic
    assert "Call the clinic for a visit. North" in north and "either" not in north
    assert "Call the clinic: North 555 010-0001" in north
    ambas = text_of(render_handout(library, "neck", lang="es").data)
    assert "Llame a cualquiera de las clínicas para una cita." in ambas
    assert "Llame a cualquiera de las clínicas: North" in ambas
    norte = text_of(render_handout(library, "neck", lang="es", clinic="north").data)
    assert "Llame a la clínica para una cita." in norte and "cualquiera" not in norte
    assert "Llame a la clínica: North 555 010-0001" in norte


def test_wording_without_its_translation_is_a_located_problem(workdir: Path) -> None:
    base = workdir / "content"
    shutil.copytree(FIXTURES / "bilingual", base)
    (base / "brand.yaml").write_text((base / "brand.yaml").read_text() + COUNTED, encoding="utf-8")
    found = problems(base)
    for key in ("call", "contacts"):
        message = (
            f"content/brand.es.yaml: brand.yaml's wording '{key}' has no Spanish (es) text; add "
            "it under 'wording:' in this file"
        )
        assert message in found, found


def test_one_clinic_makes_no_second_edition_of_a_per_location_handout(tmp_path: Path) -> None:
    clinic = make_clinic(tmp_path)
    condition = tmp_path / "base" / "conditions" / "neck-pain.yaml"
    condition.write_text(
        condition.read_text().replace("revised:", "per_location: true\nrevised:", 1)
    )
    assert [job.name for job in plan_jobs(load_library(clinic), Options())] == ["neck-pain.pdf"]
    several = [job.name for job in plan_jobs(load_library(tmp_path / "base"), Options())]
    assert several == ["neck-pain.pdf", "neck-pain-north.pdf", "neck-pain-south.pdf"]


# ---- what depends on content files follows inheritance ------------------------------------


def test_a_change_in_the_base_makes_the_clinics_output_stale(tmp_path: Path) -> None:
    clinic = make_clinic(tmp_path)
    options = Options(content=clinic, out=tmp_path / "out", jobs=1)
    build_catalog(options)
    assert stale_outputs(options) == []
    block = tmp_path / "base" / "blocks" / "aftercare.yaml"
    block.write_text(
        block.read_text().replace("Use ice as", "Use an ice pack as"), encoding="utf-8"
    )
    stale = stale_outputs(options)
    assert stale == [f"stale: {tmp_path / 'out' / 'neck-pain.pdf'} (content or engine changed)"]
    rebuilt = build_catalog(options).built
    assert [built.path.name for built in rebuilt if not built.skipped] == ["neck-pain.pdf"]
    assert "Use an ice pack as we told you." in text_of(tmp_path / "out" / "neck-pain.pdf")


def test_the_web_app_reloads_when_a_base_file_changes(tmp_path: Path) -> None:
    clinic = make_clinic(tmp_path)
    live = LiveContent(clinic, load=load_library)
    assert live.current().library.conditions["neck-pain"].title == "Neck pain"
    condition = tmp_path / "base" / "conditions" / "neck-pain.yaml"
    condition.write_text(condition.read_text().replace("title: Neck pain", "title: Sore neck"))
    assert live.current().library.conditions["neck-pain"].title == "Sore neck"


def test_signing_writes_into_the_clinics_own_file_and_refuses_an_inherited_one(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    clinic = make_clinic(tmp_path)
    monkeypatch.chdir(tmp_path)
    (clinic / "blocks").mkdir()
    shutil.copy(tmp_path / "base" / "blocks" / "aftercare.yaml", clinic / "blocks")
    base_before = (tmp_path / "base" / "blocks" / "aftercare.yaml").read_bytes()
    refused = cli("review", "--sign", "contact-us", "--by", "Dr. Test, MD", "--content", "clinic")
    assert refused.exit_code == 1
    assert (
        "'block:contact-us' is inherited: its text is in base/blocks/contact-us.yaml, in the "
        "base folder; sign it there (handouts review --sign block:contact-us --lang en --by … "
        "--content base)" in " ".join(refused.output.split())
    )
    signed = cli("review", "--sign", "aftercare", "--by", "Dr. Test, MD", "--content", "clinic")
    assert signed.exit_code == 0, signed.output
    assert "reviewed_by: Dr. Test, MD" in (clinic / "blocks" / "aftercare.yaml").read_text()
    assert (tmp_path / "base" / "blocks" / "aftercare.yaml").read_bytes() == base_before


def test_the_examples_files_validate_against_the_schemas_their_first_line_names() -> None:
    import json

    import jsonschema
    import yaml

    for path in sorted(EXAMPLE.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = json.loads((path.parent / first.split("=", 1)[1]).read_text(encoding="utf-8"))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert not list(jsonschema.Draft202012Validator(schema).iter_errors(data)), path
        data["wording"]["call"] = {"one": "Call us:"}  # no `other:`: the editor flags it
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)), path


def test_marking_a_translation_done_refuses_an_inherited_one(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As signing does: a clinic's folder marks only its own files; 'all' passes the base's."""
    clinic = make_clinic(tmp_path, "bilingual")
    (clinic / "brand.es.yaml").write_text("tagline: Una clínica de prueba\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    care = tmp_path / "base" / "blocks" / "care.yaml"
    care.write_text(care.read_text().replace("Ice can help.", "Ice helps."))  # Spanish now stale
    base = {p: p.read_bytes() for p in (tmp_path / "base").rglob("*.yaml")}
    refused = cli("translations", "--done", "care", "--lang", "es", "--content", "clinic")
    assert refused.exit_code == 1
    assert "'care' (es) is inherited: its file is base/blocks/care.es.yaml" in refused.output
    assert "Traceback" not in refused.output
    every = cli("translations", "--done", "all", "--lang", "es", "--content", "clinic")
    assert every.exit_code == 0, every.output
    assert {p: p.read_bytes() for p in (tmp_path / "base").rglob("*.yaml")} == base
