"""Cross-record checks: duplicate records, records of one project that disagree, record ids."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import VALID, brief, findings_of, write

JURMALA = VALID + "participant: {name: Jūrmalas pilsētas dome}\nlead_partner: Labklājības ministrija\n"
SALASPILS = (
    VALID.replace("title: Profesionāla", "title: Cits nosaukums. Profesionāla")
    + "participant: {name: Salaspils novada pašvaldība}\nlead_partner: Cits\n"
)


def test_two_parts_of_one_project_that_agree_are_fine(tmp_path: Path) -> None:
    write(tmp_path, JURMALA, "a.yaml")
    write(tmp_path, JURMALA.replace("Jūrmalas pilsētas dome", "Salaspils novada pašvaldība"), "b.yaml")
    assert findings_of([tmp_path]) == []


def test_duplicate_record(tmp_path: Path) -> None:
    write(tmp_path, JURMALA, "a.yaml")
    write(tmp_path, JURMALA, "b.yaml")
    (finding,) = findings_of([tmp_path])
    assert brief([finding]) == [("duplicate-record", "error", 2, 17, "project_number")]
    assert finding.file.endswith("b.yaml")
    assert finding.message.render(True) == (
        f"{tmp_path / 'a.yaml'} is already the record of 9.2.1.1/15/I/001 with participant Jūrmalas pilsētas dome"
    )


def test_project_mismatch_names_both_values(tmp_path: Path) -> None:
    write(tmp_path, JURMALA, "a.yaml")
    write(tmp_path, SALASPILS, "b.yaml")
    found = findings_of([tmp_path])
    assert brief(found) == [
        ("project-mismatch", "warning", 3, 8, "title"),
        ("project-mismatch", "warning", 26, 15, "lead_partner"),
    ]
    assert found[1].message.render(True) == (
        f"lead_partner 'Cits' differs from 'Labklājības ministrija' in {tmp_path / 'a.yaml'}, "
        "a record of the same project 9.2.1.1/15/I/001"
    )
    assert (found[1].expected, found[1].actual) == ("Labklājības ministrija", "Cits")


def test_same_id_in_two_folders_and_a_bad_id(tmp_path: Path) -> None:
    write(tmp_path, JURMALA, "one/rec.yaml")
    write(tmp_path, SALASPILS.replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/002"), "two/rec.yml")
    write(tmp_path, VALID.replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/003"), "bad id (1).yaml")
    found = findings_of([tmp_path])
    assert [(f.check, Path(f.file).name) for f in found] == [("record-id", "bad id (1).yaml"), ("record-id", "rec.yml")]
    assert found[0].message.render(True) == (
        "the id 'bad id (1)' (the file name) has characters other than a-z A-Z 0-9 . _ -: "
        "' ()'; rename the file, e.g. to bad-id-1"
    )


def test_a_cross_record_finding_can_be_acknowledged(tmp_path: Path) -> None:
    write(tmp_path, JURMALA, "a.yaml")
    write(tmp_path, SALASPILS + "acknowledged:\n  - check: project-mismatch\n    note: as published\n", "b.yaml")
    found = findings_of([tmp_path])
    assert [(f.check, f.acknowledged) for f in found] == [("project-mismatch", True)] * 2


def test_an_unused_cross_record_acknowledgement_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, JURMALA + "acknowledged:\n  - check: duplicate-record\n    note: stale\n")
    assert brief(findings_of([tmp_path])) == [("acknowledged-unused", "warning", 28, 5, "acknowledged[0]")]


def test_the_rename_hint_writes_letters_as_esfproj_new_does(tmp_path: Path) -> None:
    from esfproj.importing.files import file_name

    write(tmp_path, VALID, "Jūrmala 9.2.1.1.yaml")
    (finding,) = findings_of([tmp_path])
    assert finding.check == "record-id"
    assert finding.message.render(human=True).endswith("rename the file, e.g. to Jurmala-9.2.1.1")
    assert file_name("9.2.1.1/15/I/001", "Jūrmalas pilsētas dome") == "jurmalas-9.2.1.1-15-I-001.yaml"
