"""esfproj import writes only records its own schema accepts: what a list leaves blank is
left out of the record, and a row with a value the schema rejects is refused, naming the
column and why, with nothing written for it."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.importing.layouts import KOHESIO, Field
from esfproj.importing.operations import Operation, Refused, operation
from esfproj.importing.rows import Row
from esfproj.loader import parse
from esfproj.record import at
from tests.conftest import findings_of
from tests.robustness.test_trust import esfproj
from tests.test_import import COLUMNS

FULL = {
    "Operation_Unique_Identifier": "2014LV16MAOP001_4.2.2.3/1/19/I/001",
    "Operation_Local_Identifier": "4.2.2.3/1/19/I/001",
    "Operation_Name_Programme_Language": "Ēkas pārbūve",
    "Operation_Name_English": "Renovation of a building",
    "Fund_Code": "ERDF",
    "Programme_Name": "Izaugsme un nodarbinātība",
    "Programme_Code": "2014LV16MAOP001",
    "Programming_Period": "2014-2020",
    "Category_Of_Intervention": "013",
    "Category_Label": "Energy efficiency renovation of public infrastructure",
    "Thematic_Objective_ID": "04",
    "Thematic_Objective_Label": "Low-carbon economy",
    "Policy_Objective_ID": "PO2",
    "Policy_Objective_Label": "A greener Europe",
    "Beneficiary_Name": "Jūrmalas valstspilsētas administrācija",
    "Region": "Latvija",
    "Country": "Latvia",
    "Postal_Code": "LV-2015",
    "NUTS3_Code": "LV006",
    "Location_Indicator_latitude_longitude": "56.968,23.770",
    "Operation_Start_Date": "01/04/2020",
    "Operation_End_Date": "31/12/2021",
    "Operation_Summary_Programme_Language": "Pārbūve.",
    "Operation_Summary_English": "Renovation.",
    "ManagingAuthority": "Finanšu ministrija",
    "Total_Eligible_Expenditure_amount": "2630900.00",
    "Total_Eligible_Expenditure_Currency": "EUR",
    "Project_EU_Budget": "2236265.00",
    "Cofinancing_Rate": "85.0",
}
"""A row with every column the layout reads, each value one the schema accepts."""
NAMES = {"Operation_Name_Programme_Language", "Operation_Name_English"}
OPTIONAL = sorted(set(FULL) - {"Operation_Unique_Identifier", "Fund_Code"})
"""Every column but the identifier and the fund code may be blank (one of the names at a time)."""


def list_text(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    return out.getvalue()


def test_the_full_row_reads_every_column_of_the_layout() -> None:
    assert set(FULL) == set(KOHESIO.columns())


def test_a_programme_code_without_its_name_and_an_end_without_a_start(tmp_path: Path) -> None:
    """The issue's row: a record with `programme:` lacking its name, which validate
    rejected. The schema now takes a programme known by its CCI code alone, and a period
    known by its end alone: what a list leaves blank is left out, never invented."""
    row = FULL | {"Programme_Name": "", "Operation_Start_Date": ""}
    (tmp_path / "list.csv").write_text(list_text([row]), encoding="utf-8")
    result = esfproj("import", "list.csv", "--into", "records", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "1 row: created 1, unchanged 0, differing 0, refused 0, repeated 0\n",
    )
    text = (tmp_path / "records" / "4.2.2.3-1-19-I-001.yaml").read_text(encoding="utf-8")
    assert 'status: unknown\nprogramme:\n  cci: "2014LV16MAOP001"\n  period: "2014-2020"\ncategory_of' in text
    assert '\nperiod:\n  end: 2021-12-31\nsummary: "Pārbūve."\n' in text
    validated = esfproj("validate", "records", "--as-of", "2026-11-22", cwd=tmp_path)
    assert (validated.returncode, validated.stdout) == (
        0,
        "1 record in 1 file: 0 errors, 0 warnings, 0 infos, 0 acknowledged\n",
    )
    by_programme = esfproj("summary", "records", "--by", "programme", "--format", "csv", cwd=tmp_path)
    assert by_programme.stdout.splitlines()[:2] == [
        "programme,currency,records,amount,share",
        "2014LV16MAOP001,EUR,1,2630900.00,100.00",
    ]


BLANK_NAMES = {"Operation_Name_Programme_Language": "", "Operation_Name_English": ""}
REFUSED = [
    (BLANK_NAMES, "no Operation_Name_Programme_Language or Operation_Name_English: a record needs its title"),
    ({"Fund_Code": ""}, "no Fund_Code: a record needs its fund"),
    (
        {"Programme_Code": "2014lv16maop001"},
        "Programme_Code: expected a programme's CCI code such as 2014LV16MAOP001, found '2014lv16maop001'",
    ),
    (
        {"Programming_Period": "2000-2006"},
        "Programming_Period: expected one of 2007-2013, 2014-2020, 2021-2027; found '2000-2006'; "
        "did you mean '2014-2020'?",
    ),
    (
        {"Total_Eligible_Expenditure_Currency": "eur"},
        "Total_Eligible_Expenditure_Currency: expected a three-letter ISO 4217 currency code such as EUR, found 'eur'",
    ),
    ({"Project_EU_Budget": "-5.00"}, "Project_EU_Budget: expected a number of at least 0, found -5.00"),
    ({"Cofinancing_Rate": "150.0"}, "Cofinancing_Rate: expected a number of at most 100, found 150.0"),
    (
        {"Cofinancing_Rate": "-1", "Programming_Period": "2021", **BLANK_NAMES},
        "no Operation_Name_Programme_Language or Operation_Name_English: a record needs its title; "
        "Programming_Period: expected one of 2007-2013, 2014-2020, 2021-2027; found '2021'; did you mean "
        "'2021-2027'?; Cofinancing_Rate: expected a number of at least 0, found -1",
    ),
]


def test_a_row_the_schema_would_reject_is_refused_naming_each_column(tmp_path: Path) -> None:
    rows = [FULL | changes | {"Operation_Unique_Identifier": f"op-{i}"} for i, (changes, _) in enumerate(REFUSED)]
    (tmp_path / "list.csv").write_text(list_text([*rows, FULL]), encoding="utf-8")
    result = esfproj("import", "list.csv", "--into", "records", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        *(f"list.csv:{i + 2}: refused op-{i}: {reason}" for i, (_, reason) in enumerate(REFUSED)),
        "9 rows: created 1, unchanged 0, differing 0, refused 8, repeated 0",
    ]
    assert [p.name for p in (tmp_path / "records").iterdir()] == ["4.2.2.3-1-19-I-001.yaml"]
    latvian = esfproj("import", "list.csv", "--into", "records", "--lang", "lv", cwd=tmp_path)
    assert latvian.stdout.splitlines()[:3] == [
        "list.csv:2: atteikta op-0: nav Operation_Name_Programme_Language vai Operation_Name_English: "
        "ierakstam vajag title",
        "list.csv:3: atteikta op-1: nav Fund_Code: ierakstam vajag fund",
        "list.csv:4: atteikta op-2: Programme_Code: gaidīts programmas CCI kods, piemēram, 2014LV16MAOP001, "
        "atrasts '2014lv16maop001'",
    ]


def test_a_layout_the_schema_does_not_name_has_its_rows_refused_not_written() -> None:
    """A new layout added to `LAYOUTS` but not to the schema's `listing.format`: every row
    is refused, saying where the record departs from the schema, instead of written."""
    refused = operation(KOHESIO._replace(name="kpvis"), Row(2, FULL), "list.csv", 30)
    assert isinstance(refused, Refused)
    assert refused.reason.render(False) == "listing.format: expected one of kohesio; found 'kpvis'"
    assert isinstance(operation(KOHESIO, Row(2, FULL), "list.csv", 30), Operation)


# --- any subset of the optional columns blank: a record the schema accepts -------------------

BLANKS = st.sets(st.sampled_from(OPTIONAL)).filter(lambda blank: not blank >= NAMES)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(BLANKS, min_size=1, max_size=8))
def test_rows_with_any_optional_columns_blank_import_to_records_the_schema_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blanks: list[set[str]]
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    monkeypatch.chdir(folder)
    rows = [
        FULL
        | {"Operation_Unique_Identifier": f"op-{i}", "Operation_Local_Identifier": f"4.2.2.3/1/19/I/{i:03d}"}
        | dict.fromkeys(blank, "")
        for i, blank in enumerate(blanks)
    ]
    Path("list.csv").write_text(list_text(rows), encoding="utf-8")
    # The one refusal a blank can cause: an EU budget without the total it is part of.
    refused = [
        f"list.csv:{i + 2}: refused op-{i}: the list gives parts of the eligible expenditure but not its total"
        for i, row in enumerate(rows)
        if not row["Total_Eligible_Expenditure_amount"] and row["Project_EU_Budget"]
    ]
    result = CliRunner().invoke(app, ["import", "list.csv", "--into", "records"])
    assert result.stdout.splitlines() == [
        *refused,
        f"{len(rows)} row{'s' if len(rows) > 1 else ''}: created {len(rows) - len(refused)}, unchanged 0, "
        f"differing 0, refused {len(refused)}, repeated 0",
    ]
    assert result.exit_code == (1 if refused else 0)
    files = sorted(Path("records").glob("*.yaml")) if Path("records").exists() else []
    assert [f for f in findings_of(files) if f.check == "schema"] == []
    fields = [entry for entry in KOHESIO.entries if isinstance(entry, Field)]
    for file in files:
        data = parse(file.read_text(encoding="utf-8")).data
        row = rows[int(data["listing"]["operation_id"].removeprefix("op-"))]
        for field in fields:
            given_value = any(row.get(column) for column in field.columns)
            if not given_value:
                assert at(data, field.path) is None, (file.name, field.path)
            elif field.alone and field.path != ("fund_text",):
                assert at(data, field.path) is not None, (file.name, field.path)
