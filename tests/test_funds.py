"""Every EU fund is EU money: imported from a list, written by hand, in the summary, the
report's headline and the export; through the real command line (a subprocess each)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from esfproj.schema import schema
from tests.robustness.test_trust import esfproj
from tests.test_import import COLUMNS

OPERATIONS = [
    {
        "Operation_Unique_Identifier": "2021LV14MFPR001_1.1.1",
        "Operation_Local_Identifier": "1.1.1/1/23/I/001",
        "Operation_Name_Programme_Language": "Zvejas ostas modernizācija",
        "Operation_Start_Date": "15/03/2023",
        "Cofinancing_Rate": "70.0",
        "Total_Eligible_Expenditure_amount": "150000.00",
        "Total_Eligible_Expenditure_Currency": "EUR",
        "Project_EU_Budget": "105000.00",
        "Beneficiary_Name": "Rojas novada pašvaldība",
        "Fund_Code": "EMFAF",
        "Programme_Code": "2021LV14MFPR001",
        "Programme_Name": "Zivsaimniecības programma",
        "Programming_Period": "2021-2027",
    },
    {
        "Operation_Unique_Identifier": "2021TC16RFCB014_LL-00001",
        "Operation_Local_Identifier": "LL-00001",
        "Operation_Name_Programme_Language": "Pārrobežu sadarbība",
        "Cofinancing_Rate": "80.0",
        "Total_Eligible_Expenditure_amount": "20000.00",
        "Total_Eligible_Expenditure_Currency": "EUR",
        "Project_EU_Budget": "16000.00",
        "Fund_Code": "Interreg VI-A",
        "Programme_Code": "2021TC16RFCB014",
        "Programme_Name": "Interreg VI-A Latvia-Lithuania",
        "Programming_Period": "2021-2027",
    },
    {
        "Operation_Unique_Identifier": "2021LV05SFPR001_4.1.1",
        "Operation_Local_Identifier": "4.1.1/1/24/I/001",
        "Operation_Name_Programme_Language": "Sociālie pakalpojumi",
        "Cofinancing_Rate": "85.0",
        "Total_Eligible_Expenditure_amount": "1000.00",
        "Total_Eligible_Expenditure_Currency": "EUR",
        "Project_EU_Budget": "850.00",
        "Fund_Code": "esf+",
        "Programme_Code": "2021LV16FFPR001",
        "Programme_Name": "Eiropas Savienības kohēzijas politikas programma 2021.-2027. gadam",
        "Programming_Period": "2021-2027",
    },
]


def write_list(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def headline(page: str) -> list[tuple[str, str]]:
    """The report's headline cards, (label, figure), no-break spaces read as spaces."""
    cards = page.split('<dl class="figures">')[1].split("</dl>")[0].replace("\u00a0", " ")
    return re.findall(r"<div[^>]*><dt>(.*?)</dt><dd>(.*?)</dd></div>", cards)


def test_an_imported_emfaf_operation_is_eu_money_everywhere(tmp_path: Path) -> None:
    write_list(tmp_path / "list.csv", OPERATIONS)
    result = esfproj("import", "list.csv", "--into", "data/projects", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (
        0,
        "3 rows: created 3, unchanged 0, differing 0, refused 0, repeated 0",
    )
    records = tmp_path / "data" / "projects"
    emfaf = (records / "1.1.1-1-23-I-001.yaml").read_text(encoding="utf-8")
    assert "\nfund: EMFAF\n" in emfaf and "fund_text" not in emfaf
    assert '    - label: "EU budget"\n      amount: 105000.00\n      source: EMFAF\n' in emfaf
    interreg = (records / "LL-00001.yaml").read_text(encoding="utf-8")
    assert '\nfund: ERDF\nfund_text: "Interreg VI-A"\n' in interreg and "      source: ERDF\n" in interreg
    assert "\nfund: ESF+\nfund_text: esf+\n" in (records / "4.1.1-1-24-I-001.yaml").read_text(encoding="utf-8")
    validated = esfproj("validate", cwd=tmp_path)
    assert (validated.returncode, validated.stdout.splitlines()[-1]) == (
        0,
        "3 records in 3 files: 0 errors, 1 warning, 0 infos, 0 acknowledged",  # LL-00001: number-format
    )

    by_source = esfproj("summary", "--by", "source", cwd=tmp_path)
    assert (by_source.returncode, by_source.stderr) == (0, "")
    assert by_source.stdout.splitlines()[:8] == [
        " Source        Records           Amount      Share",
        " ─────────────────────────────────────────────────",
        " EMFAF               1   105 000.00 EUR    61.40 %",
        " ERDF                1    16 000.00 EUR     9.36 %",
        " ESF+                1       850.00 EUR     0.50 %",
        " unspecified         3    49 150.00 EUR    28.74 %",
        "",
        " Total               3   171 000.00 EUR   100.00 %",
    ]
    by_fund = esfproj("summary", "--by", "fund", cwd=tmp_path)
    assert (by_fund.returncode, by_fund.stdout.splitlines()[:7]) == (
        0,
        [
            " Fund    Records           Amount      Share",
            " ───────────────────────────────────────────",
            " EMFAF         1   150 000.00 EUR    87.72 %",
            " ERDF          1    20 000.00 EUR    11.70 %",
            " ESF+          1     1 000.00 EUR     0.58 %",
            "",
            " Total         3   171 000.00 EUR   100.00 %",
        ],
    )

    report = esfproj("report", "--output", "report.html", cwd=tmp_path)
    assert report.returncode == 0, report.stderr
    assert headline((tmp_path / "report.html").read_text(encoding="utf-8")) == [
        ("Total (EUR)", "171 000.00 EUR"),
        ("EU funds", "121 850.00 EUR"),
        ("State budget", "0.00 EUR"),
        ("Municipalities", "0.00 EUR"),
        ("Other", "0.00 EUR"),
        ("Source not given", "49 150.00 EUR"),
        ("Records", "3"),
        ("Findings", "1 (+0 acknowledged)"),  # the warning above
    ]


def test_every_fund_of_the_schema_counts_as_eu_money_and_nothing_else_does(tmp_path: Path) -> None:
    """One record per fund value of the schema, each paying 1.00, beside 1.00 from each
    source that is not EU money: the headline's EU funds are the funds' sum exactly."""
    funds = [value for value in schema()["properties"]["fund"]["enum"] if value != "other"]
    folder = tmp_path / "data" / "projects"
    folder.mkdir(parents=True)
    for i, fund in enumerate([*funds, "other"], start=1):
        sources = [fund] if fund != "other" else ["state_budget", "municipality", "private", "other"]
        parts = "".join(f"    - {{label: {s}, amount: 1.00, source: {s}}}\n" for s in sources)
        (folder / f"r{i:02d}.yaml").write_text(
            f'schema_version: 1\nproject_number: "9.2.1.1/15/I/{i:03d}"\ntitle: T{i}\nfund: {fund}\n'
            f"status: unknown\nfunding:\n  label: Kopā\n  amount: {len(sources)}.00\n  parts:\n{parts}",
            encoding="utf-8",
        )
    assert esfproj("validate", cwd=tmp_path).stdout.splitlines() == [
        f"{len(funds) + 1} records in {len(funds) + 1} files: 0 errors, 0 warnings, 0 infos, 0 acknowledged"
    ]
    assert esfproj("report", "-o", "r.html", cwd=tmp_path).returncode == 0
    assert headline((tmp_path / "r.html").read_text(encoding="utf-8"))[:5] == [
        ("Total (EUR)", f"{len(funds) + 4}.00 EUR"),
        ("EU funds", f"{len(funds)}.00 EUR"),
        ("State budget", "1.00 EUR"),
        ("Municipalities", "1.00 EUR"),
        ("Other", "2.00 EUR"),  # private and other
    ]
    summary = json.loads(esfproj("summary", "--by", "source", "--format", "json", cwd=tmp_path).stdout)
    assert {row["key"]["source"]: row["amount"] for row in summary["rows"]} == dict.fromkeys(
        [*funds, "state_budget", "municipality", "private", "other"], "1.00"
    )
    export = esfproj("export", "--format", "csv", cwd=tmp_path).stdout
    paid = {
        row["fund"]: {column: value for column, value in row.items() if column.startswith("source_") and value}
        for row in csv.DictReader(io.StringIO(export))
    }
    not_eu = {f"source_{s}": "1.00" for s in ("state_budget", "municipality", "private", "other")}
    assert paid == {fund: {f"source_{fund}": "1.00"} for fund in funds} | {"other": not_eu}
