"""esfproj import: a published list of operations into records, through the command line.

The sample list (tests/examples/import/kohesio-sample.csv, UTF-8 with a byte-order mark
and CRLF line ends) holds every trap: a quoted line break, doubled quotes, an empty end
date, a second currency, a repeated operation (once the same, once not), an unreadable
amount, a date in another form, a missing identifier, an EU budget above the total, an
end before the start, an unknown fund code and an operation with no local identifier.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shlex
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from esfproj.cli import app
from esfproj.importing.layouts import KOHESIO
from esfproj.loader import parse
from tests.conftest import AS_OF, REPO, brief, findings_of

SAMPLE = REPO / "tests" / "examples" / "import" / "kohesio-sample.csv"
COLUMNS = next(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig"))))
A_ID = "2014LV16MAOP001_4.2.2.3/1/19/I/001"
runner = CliRunner()


def esfproj(*args: str) -> Result:
    return runner.invoke(app, list(args))


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Result]:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "records", esfproj("import", str(SAMPLE), "--into", "records")


def test_the_sample_list_imports_with_every_refusal_and_repeat_said(imported: tuple[Path, Result]) -> None:
    folder, result = imported
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{SAMPLE}:5: {A_ID} repeats line 2; imported once",
        f"{SAMPLE}:7: refused 2014LV16MAOP001_9.2.2.1/15/I/002: Total_Eligible_Expenditure_amount 'n/a' is not an "
        "amount (digits with a decimal point: 337478.40)",
        f"{SAMPLE}:8: refused 2014LV16MAOP001_9.2.1.1/15/I/001: Operation_End_Date '31.12.2021' is not a date "
        "dd/mm/yyyy",
        f"{SAMPLE}:9: refused (no identifier): no Operation_Unique_Identifier",
        f"{SAMPLE}:13: refused {A_ID}: repeats the operation of line 2 with other values",
        "11 rows: created 6, unchanged 0, differing 0, refused 4, repeated 1",
    ]
    assert result.stderr == (
        "no schemas/project.schema.json in this project, so the records name no schema for editors; "
        "esfproj schema --output schemas/project.schema.json writes one\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        "1.1.1-1-23-I-001.yaml",
        "2014LV16MAOP001-Adazi-7.yaml",
        "2021SE05SFPR001_23-017-S01.yaml",
        "3.3.1.0-17-I-005.yaml",
        "4.2.2.3-1-19-I-001.yaml",
        "5.6.2.0-17-I-010.yaml",
    ]


def test_a_record_is_the_row_exactly_as_published(imported: tuple[Path, Result]) -> None:
    folder, _ = imported
    assert (folder / "4.2.2.3-1-19-I-001.yaml").read_text(encoding="utf-8") == (
        "schema_version: 1\n"
        'project_number: "4.2.2.3/1/19/I/001"\n'
        'title: "Ēkas \\"zaļā\\" pārbūve Jūrmalā"\n'
        'title_en: "Renovation of the \\"green\\" building"\n'
        "fund: ERDF\n"
        "status: unknown\n"
        "programme:\n"
        '  name: "Izaugsme un nodarbinātība"\n'
        '  cci: "2014LV16MAOP001"\n'
        '  period: "2014-2020"\n'
        "category_of_intervention:\n"
        '  code: "013"\n'
        '  label: "Energy efficiency renovation of public infrastructure"\n'
        "thematic_objective:\n"
        '  code: "04"\n'
        '  label: "Low-carbon economy"\n'
        'lead_partner: "Jūrmalas valstspilsētas administrācija"\n'
        "region: Latvija\n"
        "location:\n"
        "  country: Latvia\n"
        '  postal_code: "LV-2015"\n'
        "  nuts3_code: LV006\n"
        '  coordinates: "56.968,23.770"\n'
        "period:\n"
        "  start: 2020-04-01\n"
        "  end: 2021-12-31\n"
        'summary: "Pirmā rinda, ar komatu;\\notrā rinda."\n'
        'managing_authority: "Finanšu ministrija"\n'
        "funding:\n"
        '  label: "Total eligible expenditure"\n'
        "  amount: 2630900.00\n"
        "  currency: EUR\n"
        "  eligibility: eligible\n"
        "  parts:\n"
        '    - label: "EU budget"\n'
        "      amount: 2236265.00\n"
        "      source: ERDF\n"
        '    - label: "Rest of the eligible expenditure (not published: the total less the EU budget)"\n'
        "      amount: 394635.00\n"
        "      derived: true\n"
        "cofinancing_rate: 85.0\n"
        "listing:\n"
        "  format: kohesio\n"
        '  file: "kohesio-sample.csv"\n'
        f'  operation_id: "{A_ID}"\n'
        "  line: 2\n"
    )


def test_texts_and_figures_read_back_as_published(imported: tuple[Path, Result]) -> None:
    folder, _ = imported
    swedish = parse((folder / "2021SE05SFPR001_23-017-S01.yaml").read_text(encoding="utf-8")).data
    assert swedish["title"] == "Gottsunda växer"
    assert swedish["period"] == {"start": "2023-09-04"}  # the end date is empty in the list
    assert swedish["funding"]["amount"] == Decimal("337478.4")
    assert str(swedish["funding"]["amount"]) == "337478.4"
    assert swedish["funding"]["currency"] == "SEK"
    assert swedish["policy_objective"] == {"code": "PO4", "label": "A more social and inclusive Europe"}
    emfaf = parse((folder / "1.1.1-1-23-I-001.yaml").read_text(encoding="utf-8")).data
    assert (emfaf["fund"], emfaf.get("fund_text"), emfaf["funding"]["parts"][0]["source"]) == ("EMFAF", None, "EMFAF")
    no_local = parse((folder / "2014LV16MAOP001-Adazi-7.yaml").read_text(encoding="utf-8")).data
    assert no_local["project_number"] == "2014LV16MAOP001 Ādaži/7"  # the unique identifier stands in
    over = parse((folder / "5.6.2.0-17-I-010.yaml").read_text(encoding="utf-8")).data
    assert [p["label"] for p in over["funding"]["parts"]] == ["EU budget"]  # nothing derived from a negative rest


def test_validate_finds_what_the_list_gets_wrong(imported: tuple[Path, Result]) -> None:
    folder, _ = imported
    found = findings_of(sorted(folder.iterdir()))
    assert [(Path(f.file).name, *b) for f, b in zip(found, brief(found), strict=True)] == [
        ("2014LV16MAOP001-Adazi-7.yaml", "number-format", "warning", 2, 17, "project_number"),
        ("2014LV16MAOP001-Adazi-7.yaml", "cofinancing-rate", "info", 31, 19, "cofinancing_rate"),
        ("2021SE05SFPR001_23-017-S01.yaml", "number-format", "warning", 2, 17, "project_number"),
        ("3.3.1.0-17-I-005.yaml", "period-order", "error", 17, 8, "period.end"),
        ("5.6.2.0-17-I-010.yaml", "funding-sum", "error", 21, 11, "funding"),
        ("5.6.2.0-17-I-010.yaml", "cofinancing-rate", "info", 28, 19, "cofinancing_rate"),
    ]
    rate = next(f for f in found if f.check == "cofinancing-rate" and "Adazi" in f.file)
    assert rate.message.render(True) == (
        "the operation's EU share is 85.00 % (170 000.00 EUR of 200 000.00 EUR eligible); the published "
        "co-financing rate is 80.0 %, the rate of its priority axis, which an operation's own share may differ from"
    )


def column_sums(text: str, imported_lines: set[int]) -> dict[str, tuple[Decimal, Decimal]]:
    """The list's own sums of the total and EU columns per currency, over the given rows."""
    sums: dict[str, tuple[Decimal, Decimal]] = {}
    reader = csv.DictReader(io.StringIO(text, newline=""))
    line = 2
    for row in reader:
        if line in imported_lines:
            eligible, eu = sums.get(row["Total_Eligible_Expenditure_Currency"], (Decimal(0), Decimal(0)))
            sums[row["Total_Eligible_Expenditure_Currency"]] = (
                eligible + Decimal(row["Total_Eligible_Expenditure_amount"]),
                eu + Decimal(row["Project_EU_Budget"] or 0),
            )
        line = reader.line_num + 1
    return sums


def summary_totals(folder: Path) -> dict[str, tuple[Decimal, Decimal]]:
    """The summary's total per currency and its EU-funded part (every source but the
    national ones and the unspecified rest), from its JSON."""
    result = esfproj("summary", str(folder), "--by", "source", "--format", "json")
    data = json.loads(result.stdout)
    eu: dict[str, Decimal] = {}
    for row in data["rows"]:
        if row["key"]["source"] not in ("unspecified", "state_budget", "municipality", "private"):
            eu[row["currency"]] = eu.get(row["currency"], Decimal(0)) + Decimal(row["amount"])
    return {t["currency"]: (Decimal(t["amount"]), eu.get(t["currency"], Decimal(0))) for t in data["totals"]}


def test_summary_totals_are_the_lists_column_sums_to_the_cent(imported: tuple[Path, Result]) -> None:
    folder, _ = imported
    imported_lines = {2, 4, 10, 11, 12, 15}  # first of each operation, less the refused
    expected = column_sums(SAMPLE.read_text(encoding="utf-8-sig"), imported_lines)
    assert expected == {
        "EUR": (Decimal("3021900.00"), Decimal("2546465.00")),
        "SEK": (Decimal("337478.4"), Decimal("134991.36")),
    }
    assert summary_totals(folder) == expected


def test_importing_again_changes_no_byte(imported: tuple[Path, Result]) -> None:
    folder, _ = imported
    before = hashes(folder)
    result = esfproj("import", str(SAMPLE), "--into", str(folder))
    assert result.stdout.splitlines()[-1] == "11 rows: created 0, unchanged 6, differing 0, refused 4, repeated 1"
    assert hashes(folder) == before


def test_a_hand_edit_is_reported_and_kept(imported: tuple[Path, Result]) -> None:
    folder, _ = imported
    record = folder / "4.2.2.3-1-19-I-001.yaml"
    text = record.read_text(encoding="utf-8")
    edited = text.replace("amount: 2236265.00", "amount: 2236000.00").replace("end: 2021-12-31", "end: 2022-06-30")
    edited = edited.replace("status: unknown", "status: completed")  # the list gives no status: not compared
    record.write_text(edited, encoding="utf-8")
    before = hashes(folder)
    result = esfproj("import", str(SAMPLE), "--into", str(folder))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line for line in lines if str(record) in line] == [
        f"{record}:26: period.end: the list says 2021-12-31, the record says 2022-06-30",
        f"{record}:36: funding.parts[0].amount: the list says 2236265.00, the record says 2236000.00",
    ]
    assert lines[-1] == "11 rows: created 0, unchanged 5, differing 1, refused 4, repeated 1"
    assert hashes(folder) == before


def test_a_hand_made_record_of_the_same_project_is_compared_not_duplicated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reconciliation a project officer needs: a record typed from the municipality's
    page, its money in a deeper tree, against the official list."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "records"
    folder.mkdir()
    typed = folder / "ogre.yaml"
    typed.write_text(
        "schema_version: 1\n"
        "project_number: 5.6.2.0/17/I/010\n"
        "title: Teritorijas revitalizācija\n"
        "fund: ERDF\n"
        "status: completed\n"
        "period: {start: 2018-02-01, end: 2022-11-30}\n"
        "funding:\n"
        "  label: Kopā\n"
        "  parts:\n"
        "    - label: Attiecināmās\n"
        "      eligibility: eligible\n"
        "      amount: 1000.00\n"
        "      parts:\n"
        "        - {label: ERAF, amount: 850.00, source: ERDF}\n"
        "        - {label: Pašvaldība, amount: 150.00, source: municipality}\n"
        "    - {label: Neattiecināmās, eligibility: ineligible, amount: 30.00}\n",
        encoding="utf-8",
    )
    result = esfproj("import", str(SAMPLE), "--into", "records", "--dry-run")
    assert result.exit_code == 1
    # it says nothing of the programme or the lead partner, which is no disagreement; the
    # eligible total (1 000.00) and the fund agree, wherever its tree keeps them
    assert [line for line in result.stdout.splitlines() if line.startswith("records/ogre")] == [
        "records/ogre.yaml:14: funding.parts[0].parts[0].amount: the list says 1200.00, the record says 850.00",
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["ogre.yaml"]  # --dry-run writes nothing
    assert "would create records/4.2.2.3-1-19-I-001.yaml from" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "11 rows: would create 5, unchanged 0, differing 1, refused 4, repeated 1; nothing was written (--dry-run)"
    )


def test_a_name_in_use_is_never_written_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    (folder / "4.2.2.3-1-19-I-001.YAML").write_text("kept: as it is\n", encoding="utf-8")
    os.symlink("/dev/null", folder / "3.3.1.0-17-I-005.yaml")
    os.mkfifo(folder / "5.6.2.0-17-I-010.yaml")
    before = {p.name: p.lstat().st_mode for p in folder.iterdir()}
    result = esfproj("import", str(SAMPLE), "--into", "records")
    after = {p.name: p.lstat().st_mode for p in folder.iterdir()}
    assert {name: after[name] for name in before} == before
    assert (folder / "4.2.2.3-1-19-I-001.YAML").read_text(encoding="utf-8") == "kept: as it is\n"
    new = sorted(set(after) - set(before))
    assert new == [
        "1.1.1-1-23-I-001.yaml",
        "2014LV16MAOP001-Adazi-7.yaml",
        "2021SE05SFPR001_23-017-S01.yaml",
        "3.3.1.0-17-I-005-cec9a878.yaml",
        "4.2.2.3-1-19-I-001-ec63f390.yaml",
        "5.6.2.0-17-I-010-90670f29.yaml",
    ]
    # the link, the FIFO and the YAML file with no record cannot be read as records: said, exit 1
    assert result.exit_code == 1
    assert "records/3.3.1.0-17-I-005.yaml: cannot be read as a record" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "kpvis"], "--format takes one of kohesio; not 'kpvis'"),
        (["--into", "list.csv"], "--into list.csv: not a folder"),
    ],
)
def test_usage_mistakes_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("list.csv").write_bytes(SAMPLE.read_bytes())
    result = esfproj("import", "list.csv", *args)
    assert (result.exit_code, result.stderr.strip()) == (2, f"esfproj: error: {message}")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no header line of column names"),
        (
            b"Operation_Unique_Identifier,Fund_Code\n",
            "the list lacks the columns Operation_Local_Identifier, Operation_Name_Programme_Language,",
        ),
        (b"\xff\xfeO\x00p\x00", "the header line is not UTF-8"),
        (
            b"Operation_Unique_Identifier;Operation_Local_Identifier\n",
            "the list's columns are separated by semicolons; save it as CSV with commas (RFC 4180)",
        ),
    ],
)
def test_a_list_that_is_not_one_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("list.csv").write_bytes(content)
    result = esfproj("import", "list.csv", "--into", "records")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"esfproj: error: {message}")
    assert not Path("records").exists()


def test_a_missing_file_or_a_folder_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert esfproj("import", "nothing.csv").stderr.strip() == (
        "esfproj: error: nothing.csv: cannot read: No such file or directory"
    )
    assert esfproj("import", ".").stderr.strip() == "esfproj: error: .: is a folder, not a list of operations"


def row_text(**values: str) -> str:
    out = io.StringIO()
    csv.DictWriter(out, COLUMNS, lineterminator="\n").writerow({c: values.get(c, "") for c in COLUMNS})
    return out.getvalue()


def test_rows_that_are_not_csv_are_refused_and_the_rest_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    good = dict(Total_Eligible_Expenditure_Currency="EUR", Fund_Code="ESF", Operation_Name_Programme_Language="X")
    text = ",".join(COLUMNS) + "\n"
    text += row_text(Operation_Unique_Identifier="a", Total_Eligible_Expenditure_amount="1.00", **good)
    text += 'b,"stray"quote' + "," * (len(COLUMNS) - 2) + "\n"
    text += "c,too,few\n"
    text += "\n"  # a blank line is no row
    text += row_text(Operation_Unique_Identifier="d", Total_Eligible_Expenditure_amount="2.00", **good)
    raw = text.encode() + "e,J\xfbrmala".encode("latin-1") + b"," * (len(COLUMNS) - 2) + b"\n"
    raw += b'f,"never closed\n'  # a quote still open at the end of the file
    Path("list.csv").write_bytes(raw)
    result = esfproj("import", "list.csv", "--into", "records")
    assert result.stdout.splitlines() == [
        "list.csv:3: refused (no identifier): not readable as CSV: ',' expected after '\"'",
        f"list.csv:4: refused c: the row has 3 fields, the header {len(COLUMNS)}",
        "list.csv:7: refused (no identifier): the row is not UTF-8 text",
        "list.csv:8: refused (no identifier): not readable as CSV: unexpected end of data",
        "6 rows: created 2, unchanged 0, differing 0, refused 4, repeated 0",
    ]
    assert sorted(p.name for p in Path("records").iterdir()) == ["a.yaml", "d.yaml"]


def test_the_layout_is_one_table_of_the_columns_it_reads() -> None:
    assert set(KOHESIO.columns()) <= set(COLUMNS)
    assert len(KOHESIO.columns()) == 29


# --- any list: the summary's totals are the list's column sums ---------------------------------

AMOUNTS = st.decimals(min_value=0, max_value=Decimal("9" * 13), places=2, allow_nan=False, allow_infinity=False)
TEXTS = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@st.composite
def lists(draw: st.DrawFn) -> tuple[str, dict[str, tuple[Decimal, Decimal]]]:
    """A list of operations with any texts, and its column sums per currency."""
    count = draw(st.integers(1, 12))
    identifiers = draw(st.lists(TEXTS.filter(str.strip), min_size=count, max_size=count, unique=True))
    out = io.StringIO()
    # every field quoted: a lone CR in an unquoted field is not RFC 4180 (and is refused)
    writer = csv.DictWriter(out, COLUMNS, lineterminator=draw(st.sampled_from(["\n", "\r\n"])), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    sums: dict[str, tuple[Decimal, Decimal]] = {}
    for identifier in identifiers:
        total = draw(AMOUNTS)
        eu = draw(st.none() | st.decimals(min_value=0, max_value=total, places=2))
        currency = draw(st.sampled_from(["EUR", "SEK", "PLN"]))
        writer.writerow(
            {c: "" for c in COLUMNS}
            | {
                "Operation_Unique_Identifier": identifier,
                "Operation_Local_Identifier": draw(st.just("") | TEXTS),
                "Operation_Name_Programme_Language": draw(TEXTS.filter(bool)),  # a record needs a title
                "Beneficiary_Name": draw(TEXTS),
                "Total_Eligible_Expenditure_amount": str(total),
                "Total_Eligible_Expenditure_Currency": currency,
                "Project_EU_Budget": "" if eu is None else str(eu),
                "Fund_Code": draw(st.sampled_from(["ERDF", "ESF", "CF", "ESF+", "JTF", "EMFAF"])),
            }
        )
        eligible, paid = sums.get(currency, (Decimal(0), Decimal(0)))
        sums[currency] = (eligible + total, paid + (eu or 0))
    return out.getvalue(), sums


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=lists())
def test_any_list_imports_to_totals_equal_to_its_column_sums(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generated: tuple[str, dict[str, tuple[Decimal, Decimal]]]
) -> None:
    text, sums = generated
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    monkeypatch.chdir(folder)
    Path("list.csv").write_text(text, encoding="utf-8", newline="")
    result = esfproj("import", "list.csv", "--into", "records")
    assert result.exit_code == 0, result.stdout
    assert summary_totals(folder / "records") == sums
    assert esfproj("import", "list.csv", "--into", "records").stdout.endswith(
        f"created 0, unchanged {len(list((folder / 'records').iterdir()))}, differing 0, refused 0, repeated 0\n"
    )


def test_imported_records_validate_with_the_bundled_data_as_of_a_date(imported: tuple[Path, Result]) -> None:
    """The sample's records beside the bundled ones: no record-id or duplicate findings."""
    folder, _ = imported
    files = sorted(folder.iterdir()) + sorted((REPO / "data" / "projects").iterdir())
    checks = {f.check for f in findings_of(files, as_of=AS_OF)}
    assert not checks & {"record-id", "duplicate-record", "schema", "yaml-portability"}


def test_the_readme_import_example_is_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's example: import the sample, change one EU budget by hand, import again."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command, expected = re.findall(r"```text\n\$ (esfproj import [^\n]*)\n(.*?)```", readme, re.DOTALL)[0]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests" / "examples" / "import").mkdir(parents=True)
    (tmp_path / "tests" / "examples" / "import" / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    args = shlex.split(command)[1:]
    assert esfproj(*args).exit_code == 1
    record = tmp_path / "data" / "projects" / "4.2.2.3-1-19-I-001.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("2236265.00", "2236000.00"), encoding="utf-8")
    result = esfproj(*args)
    assert (result.exit_code, result.stdout) == (1, expected)


def test_it_speaks_latvian(imported: tuple[Path, Result]) -> None:
    folder, _ = imported
    record = folder / "4.2.2.3-1-19-I-001.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("2236265.00", "2236000.00"), encoding="utf-8")
    result = esfproj("import", str(SAMPLE), "--into", str(folder), "--lang", "lv")
    assert result.stdout.splitlines() == [
        f"{record}:36: funding.parts[0].amount: sarakstā 2236265.00, ierakstā 2236000.00",
        f"{SAMPLE}:5: {A_ID} atkārto 2. rindu; importēta vienreiz",
        f"{SAMPLE}:7: atteikta 2014LV16MAOP001_9.2.2.1/15/I/002: Total_Eligible_Expenditure_amount 'n/a' nav summa "
        "(cipari ar decimālpunktu: 337478.40)",
        f"{SAMPLE}:8: atteikta 2014LV16MAOP001_9.2.1.1/15/I/001: Operation_End_Date '31.12.2021' nav datums dd/mm/gggg",
        f"{SAMPLE}:9: atteikta (bez identifikatora): nav Operation_Unique_Identifier",
        f"{SAMPLE}:13: atteikta {A_ID}: atkārto 2. rindas darbību ar citām vērtībām",
        "11 rindas: izveidoti 0, nemainīti 5, atšķiras 1, atteiktas 4, atkārtotas 1",
    ]
    dry = esfproj("import", str(SAMPLE), "--into", str(tmp := folder.parent / "new"), "--dry-run", "--lang", "lv")
    assert dry.stdout.splitlines()[0] == f"tiktu izveidots {tmp}/4.2.2.3-1-19-I-001.yaml no {SAMPLE}:2"
    assert dry.stdout.splitlines()[-1] == (
        "11 rindas: tiktu izveidoti 6, nemainīti 0, atšķiras 0, atteiktas 4, atkārtotas 1; "
        "nekas netika ierakstīts (--dry-run)"
    )
