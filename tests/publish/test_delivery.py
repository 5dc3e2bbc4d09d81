"""Delivery: personalised copies that never leak the patient's data, encryption, large print,
packets. Every check opens the real files written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.pdftext import page_runs, page_texts, text_of

PATIENT = "Ana López-Quiñones"
NOTE = "Ice the left shoulder 15 minutes at a time\nCall Dr. Patel on Friday"
PERSONAL = [
    "--patient", PATIENT, "--provider", "Dr. Patel", "--visit-date", "2026-12-01",
    "--note", NOTE,
]  # fmt: skip


def _every_written_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _private(workdir: Path, pattern: str = "*.pdf") -> list[Path]:
    """The copies in the private folder beside out/ (where personal copies go)."""
    return sorted((workdir / "private").glob(pattern))


def _leaks(data: bytes, secret: str) -> bool:
    """The secret in any encoding a PDF uses for strings outside compressed page content."""
    forms = {secret.encode("utf-8"), secret.encode("utf-16-be"), secret.encode("latin-1", "ignore")}
    return any(form in data for form in forms)


def test_personalised_copy_prints_the_box_and_leaks_nothing(
    shipped: Path, cli, workdir: Path
) -> None:
    result = cli("build", "migraine", "--lang", "en", *PERSONAL)
    assert result.exit_code == 0, result.output
    assert not (workdir / "out").exists()  # never the published catalog folder
    (path,) = _private(workdir)
    assert re.fullmatch(r"migraine-personal-\d{8}-\d{6}-[0-9a-f]{6}\.pdf", path.name)
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    text = text_of(path)
    assert f"Prepared for: {PATIENT}" in text
    assert "Provider: Dr. Patel" in text
    assert "Visit date: December 1, 2026" in text
    assert "Note from your care team: Ice the left shoulder 15 minutes at a time" in text

    reader = PdfReader(path)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    assert PATIENT not in metadata and "López" not in metadata
    assert "left shoulder" not in metadata and "Patel" not in metadata
    assert reader.xmp_metadata is None or "López" not in str(reader.xmp_metadata)
    for written in _every_written_file(workdir / "private"):
        assert "ana" not in written.name.lower() and "lopez" not in written.name.lower()
        assert not _leaks(written.read_bytes(), PATIENT)  # only inside compressed page content
        assert not _leaks(written.read_bytes(), "López")
        assert not _leaks(written.read_bytes(), "shoulder 15 minutes")
    output = result.stdout + result.stderr
    assert "López" not in output and "Patel" not in output and "2026-12-01" not in output


def test_spanish_personal_copy_translates_the_box(shipped: Path, cli, workdir: Path) -> None:
    assert cli("build", "migraine", "--lang", "es", *PERSONAL).exit_code == 0
    (spanish,) = _private(workdir, "migraine-es-personal-*.pdf")
    text = text_of(spanish)
    assert f"Preparado para: {PATIENT}" in text
    assert "Fecha de la cita: 1 de diciembre de 2026" in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--patient", "Ana 😀 López"], "--patient has characters the font cannot print (U+1F600)"),
        (["--patient", PATIENT, "--visit-date", "12/01/2026"], "--visit-date must be a date"),
        (["--patient", PATIENT, "--note", "x" * 500], "--note is too long"),
        (["--provider", "Dr. Patel"], "need --patient as well"),
    ],
)
def test_bad_personal_options_are_named_never_echoed(
    shipped: Path, cli, workdir: Path, options: list[str], message: str
) -> None:
    result = cli("build", "migraine", "--lang", "en", *options)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "López" not in result.stderr and "12/01/2026" not in result.stderr
    assert "Traceback" not in result.output
    assert not (workdir / "out").exists()


def test_encryption_opens_with_the_password_only(
    shipped: Path, cli, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOUT_PASSWORD", "correct horse")
    result = cli(
        "build", "migraine", "--lang", "en", "--encrypt", "--password-env", "HANDOUT_PASSWORD"
    )
    assert result.exit_code == 0, result.output
    assert "correct horse" not in result.output
    (path,) = _private(workdir, "migraine-encrypted-*.pdf")  # never the catalog's migraine.pdf
    assert not (workdir / "out").exists()
    reader = PdfReader(path)
    assert reader.is_encrypted
    assert reader.decrypt("wrong password") == 0
    assert reader.decrypt("correct horse") != 0
    assert "Trigger point injections for migraine" in page_texts(path, "correct horse")[0]
    encryption = reader.trailer["/Encrypt"].get_object()
    assert encryption["/V"] == 5 and encryption["/CF"]["/StdCF"]["/CFM"] == "/AESV3"  # AES-256
    permissions = reader.user_access_permissions
    assert permissions is not None
    assert "PRINT" in repr(permissions) and "EXTRACT" in repr(permissions)
    assert path.stat().st_size <= 150_000


def test_encryption_never_takes_a_password_on_the_command_line(shipped: Path, cli) -> None:
    result = cli("build", "migraine", "--encrypt")  # no terminal here, no --password-env
    assert result.exit_code == 1
    assert "no terminal to ask for a password: use --password-env NAME" in result.stderr
    assert cli("build", "migraine", "--password", "x").exit_code == 2


def test_large_print_is_18_pt_and_has_its_own_file(shipped: Path, cli, workdir: Path) -> None:
    result = cli("build", "migraine", "--lang", "en", "--large-print")
    assert result.exit_code == 0, result.output
    path = workdir / "out" / "migraine-large.pdf"
    body = [run.size for run in page_runs(path)[1] if run.text.strip() and run.size > 0]
    assert min(body) >= 14  # the footer; everything else is larger
    assert sorted(body)[len(body) // 2] >= 18  # most text is body text at 18 pt
    assert len(PdfReader(path).pages) > 2  # it reflows rather than shrinking


def test_every_handout_fits_the_email_budget(catalog: Path) -> None:
    for pdf in catalog.glob("*.pdf"):
        assert pdf.stat().st_size <= 150_000, pdf.name


def test_packet_merges_with_bookmarks_labels_and_one_title(
    shipped: Path, cli, workdir: Path
) -> None:
    result = cli("packet", "migraine", "aftercare", "-o", "visit.pdf", *PERSONAL[:2])
    assert result.exit_code == 0, result.output
    reader = PdfReader(workdir / "visit.pdf")
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["Trigger point injections for migraine", "After your trigger point injection"]
    assert reader.page_labels[0] == "migraine 1" and reader.page_labels[-1].startswith("aftercare")
    assert reader.metadata.title == "Your handouts: Bourbonnais & Manhattan Clinics"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"
    assert f"Prepared for: {PATIENT}" in text_of(workdir / "visit.pdf")
    assert "López" not in str(reader.metadata)
    again = cli("packet", "migraine", "aftercare", "-o", "again.pdf", *PERSONAL[:2])
    assert again.exit_code == 0, again.output
    assert (workdir / "again.pdf").read_bytes() == (workdir / "visit.pdf").read_bytes()


def test_pain_diary_fields_are_named_fillable_and_print_clean(
    catalog: Path, tmp_path: Path
) -> None:
    from pypdf import PdfWriter

    reader = PdfReader(catalog / "pain-diary.pdf")
    fields = reader.get_fields()
    assert fields is not None
    diary = [name for name in fields if name.startswith("diary_")]
    assert len(diary) == 4 * 7 * 3  # four weeks, every day: pain, sleep, notes
    assert fields["diary_w1_d1_c1"]["/TU"] == "Week 1, Day 1: pain from 0 to 10"
    assert fields["diary_w4_d28_c3"]["/TU"] == "Week 4, Day 28: notes about your pain"
    questions = [name for name in fields if name.startswith("write_in_")]
    assert len(questions) == 1 and fields[questions[0]]["/TU"] == "Questions for your next visit"

    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(
        writer.pages[0], {"diary_w1_d1_c1": "7", "diary_w1_d2_c3": "Slept badly"}
    )
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    values = PdfReader(filled).get_fields()
    assert values is not None
    assert values["diary_w1_d1_c1"]["/V"] == "7"
    assert values["diary_w1_d2_c3"]["/V"] == "Slept badly"

    spanish = PdfReader(catalog / "pain-diary-es.pdf").get_fields()
    assert spanish is not None and spanish["diary_w2_d9_c2"]["/TU"].startswith("Semana 2, Día 9:")


def test_packet_keeps_the_diary_fields_working(shipped: Path, cli, workdir: Path) -> None:
    from pypdf import PdfWriter

    result = cli("packet", "migraine", "aftercare", "pain-diary", "-o", "visit.pdf")
    assert result.exit_code == 0, result.output
    reader = PdfReader(workdir / "visit.pdf")
    fields = reader.get_fields()
    assert fields is not None and len([n for n in fields if n.startswith("diary_")]) == 84
    texts = page_texts(workdir / "visit.pdf")
    page = next(
        i for i, p in enumerate(reader.pages) if "/Annots" in p and "Pain diary" in texts[i]
    )
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(writer.pages[page], {"diary_w1_d1_c1": "4"})
    writer.write(workdir / "filled.pdf")
    assert PdfReader(workdir / "filled.pdf").get_fields()["diary_w1_d1_c1"]["/V"] == "4"


def _linear(level: int) -> float:
    c = level / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


@pytest.mark.parametrize("name", ["migraine.pdf", "aftercare-es.pdf"])
def test_brand_band_still_reads_in_black_and_white(catalog: Path, name: str) -> None:
    """Printed in grayscale, the clinic name on the band keeps WCAG text contrast."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(catalog / name))
    image = document[0].render(scale=2, grayscale=True).to_pil().convert("L")
    document.close()
    margin = 54 * 2
    band = image.crop((margin, margin, image.width - margin, margin + 44 * 2))
    darkest, lightest = band.getextrema()
    ratio = (_linear(lightest) + 0.05) / (_linear(darkest) + 0.05)
    assert ratio >= 4.5, (darkest, lightest)
    # And most of the band is the dark brand colour, not washed out to white.
    histogram = band.histogram()
    assert sum(histogram[:100]) > 0.6 * sum(histogram)


def test_an_internal_error_on_a_personal_copy_withholds_its_details(
    shipped: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handouts.render.document

    def crash(handout, theme=None):
        raise RuntimeError(f"boom while drawing {handout.personal.patient}")

    monkeypatch.setattr(handouts.render.document, "lay_out_document", crash)
    result = cli("build", "migraine", "--lang", "en", *PERSONAL)
    assert result.exit_code == 1
    assert "details are withheld" in result.stderr
    assert "López" not in result.output and "boom" not in result.output


def test_personal_copies_stay_within_the_email_budget(shipped: Path, cli, workdir: Path) -> None:
    assert cli("build", *PERSONAL).exit_code == 0
    sizes = {p.name: p.stat().st_size for p in _private(workdir, "*-personal-*.pdf")}
    assert len(sizes) == 20
    assert max(sizes.values()) <= 150_000, sizes


def test_a_packet_has_one_paper_and_one_language(shipped: Path, cli) -> None:
    """A packet is one document: 'all' (the shared default) means the first paper and the
    base language settings.yaml lists, exactly as the Python API's defaults do."""
    assert cli("packet", "migraine", "--paper", "all", "-o", "a.pdf").exit_code == 0
    assert cli("packet", "migraine", "--lang", "all", "-o", "b.pdf").exit_code == 0
    assert cli("packet", "migraine", "-o", "c.pdf").exit_code == 0
    assert (shipped.parent / "a.pdf").read_bytes() == (shipped.parent / "c.pdf").read_bytes()


def test_a_packet_with_the_same_form_twice_keeps_every_field_its_own(
    shipped: Path, cli, workdir: Path
) -> None:
    """Two diaries in one packet: 168 fields, each its own (same-named fields are one field
    in a PDF: writing in one diary would fill the other)."""
    from pypdf import PdfWriter

    for suffix in ("", ".es"):
        diary = (shipped / "conditions" / f"pain-diary{suffix}.yaml").read_text()
        copy = diary.replace("slug: pain-diary", "slug: second-diary")
        (shipped / "conditions" / f"second-diary{suffix}.yaml").write_text(copy)
    result = cli("packet", "pain-diary", "aftercare", "second-diary", "-o", "visit.pdf")
    assert result.exit_code == 0, result.output
    reader = PdfReader(workdir / "visit.pdf")
    fields = reader.get_fields() or {}
    diary = [name for name in fields if name.startswith("diary_")]
    assert len(diary) == 168 and len(set(diary)) == 168
    assert "diary_w1_d1_c1" in fields and "diary_w1_d1_c1_3" in fields
    writer = PdfWriter(clone_from=reader)
    page = next(
        page for page in writer.pages
        if any(a.get_object().get("/T") == "diary_w4_d28_c1_3" for a in page.get("/Annots", []))
    )  # fmt: skip
    writer.update_page_form_field_values(page, {"diary_w4_d28_c1_3": "7"})
    writer.write(workdir / "filled.pdf")
    filled = PdfReader(workdir / "filled.pdf").get_fields() or {}
    assert filled["diary_w4_d28_c1_3"].get("/V") == "7"
    assert filled["diary_w4_d28_c1"].get("/V") in (None, "")


def test_two_write_in_boxes_with_one_label_in_one_handout_are_two_fields(
    shipped: Path, cli, workdir: Path
) -> None:
    """Same label, same field name once: one box filled the other."""
    aftercare = shipped / "conditions" / "aftercare.yaml"
    text = aftercare.read_text()
    label = "How long and how often to use ice:"
    assert text.count(label) == 1
    start = text.index("      - write_in:", text.index(label) - 200)
    end = text.index("\n      - ", start + 10) + 1  # the box's lines, each ending in \n
    aftercare.write_text(text[:end] + text[start:end] + text[end:])
    result = cli("build", "aftercare", "--lang", "en", "--out", "out")
    assert result.exit_code == 0, result.output
    fields = PdfReader(workdir / "out" / "aftercare.pdf").get_fields() or {}
    ice = sorted(name for name in fields if name.startswith("write_in_how_long"))
    assert len(ice) == 2 and ice[1] == f"{ice[0]}_2", ice


def test_a_personal_copy_longer_than_the_generic_one_is_said_without_the_patient(
    shipped: Path, cli, workdir: Path
) -> None:
    """Copy-fitting keeps a personal copy to its generic copy's pages when spacing allows; a
    long note can still add a page, and the physician is told which handout and what helps."""
    note = "\n".join(
        [
            "Ponga hielo en el hombro izquierdo 15 minutos cada vez, tres veces al día.",
            "Camine todos los días un poco más que el día anterior, sin dolor.",
            "Llame si tiene fiebre, enrojecimiento o hinchazón en la zona de la inyección.",
        ]
    )
    patient = "Maximiliana Concepción Quixote-Ramírez de la Torre"
    result = cli(
        "build", "aftercare", "--lang", "es", "--large-print", "--patient", patient,
        "--provider", "Dra. Guadalupe Okonkwo-Vásquez Hernández", "--note", note,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (warning,) = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warning == (
        "warning: the personal copy of aftercare (es) has 4 pages, 1 more than the copy "
        "without patient details; a shorter note keeps it to 3"
    )
    assert "Maximiliana" not in result.stderr and "Okonkwo" not in result.stderr
    short = cli("build", "aftercare", "--lang", "es", "--large-print", "--patient", patient)
    assert short.exit_code == 0 and "warning" not in short.stderr
    # A packet says the same, naming its handouts; the pages of its other parts count too.
    packet = cli(
        "packet", "migraine", "aftercare", "--lang", "es", "--large-print", "--patient", patient,
        "--note", note, "-o", "visit.pdf",
    )  # fmt: skip
    assert packet.exit_code == 0, packet.stderr
    (warning,) = [line for line in packet.stderr.splitlines() if line.startswith("warning:")]
    pages = len(PdfReader(workdir / "visit.pdf").pages)
    assert warning == (
        f"warning: the personal copy of the packet migraine + aftercare (es) has {pages} pages, "
        f"1 more than the copy without patient details; a shorter note keeps it to {pages - 1}"
    )
    assert "Maximiliana" not in packet.stderr
    fits = cli("packet", "migraine", "aftercare", "--lang", "es", "--patient", patient, "-o", "b")
    assert fits.exit_code == 0 and "warning" not in fits.stderr
