"""Time `esfproj import` on a generated Kohesio list against `esfproj validate` on what it wrote.

    python benchmarks/import_list.py                      # 10 000 operations
    python benchmarks/import_list.py --sizes 10000,100000 --repeat 3

For each size, on a list with long summaries, quoted line breaks, doubled quotes and
Latvian letters, every round runs as fresh processes: the import into an empty folder,
`esfproj validate` on that folder, and the import again (every row compared with its
record: the reconciliation); and one Python process that only reads the list with the csv
module (the floor). The target: the import takes at most twice the time of the validate.
Prints the Markdown table that is in the README, with peak memory (max RSS), which must not
grow with the number of rows beyond the identifiers kept to find repeats.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COLUMNS = [
    "Operation_Unique_Identifier",
    "Operation_Local_Identifier",
    "Operation_Name_English",
    "Operation_Name_Programme_Language",
    "Country",
    "Postal_Code",
    "Operation_Start_Date",
    "Operation_End_Date",
    "Cofinancing_Rate",
    "Total_Eligible_Expenditure_amount",
    "Total_Eligible_Expenditure_Currency",
    "Project_EU_Budget",
    "Beneficiary_Unique_Identifier",
    "Beneficiary_Name",
    "Beneficiary_Local_Identifier",
    "Location_Indicator_latitude_longitude",
    "Category_Of_Intervention",
    "Category_Label",
    "Thematic_Objective_ID",
    "Thematic_Objective_Label",
    "Policy_Objective_ID",
    "Policy_Objective_Label",
    "Fund_Code",
    "Fund_Name",
    "Programme_Code",
    "Programme_Name",
    "Region",
    "NUTS3_Code",
    "Programming_Period",
    "Operation_Summary_English",
    "Operation_Summary_Programme_Language",
    "ManagingAuthority",
    "Image_URL",
    "InfoRegio_ID",
    "InfoRegio_URL",
]
WORDS = [
    "sociālā",
    "darba",
    "attīstība",
    "pašvaldībās",
    "ēku",
    "energoefektivitātes",
    "uzlabošana",
    "izglītības",
    "iestāžu",
    "pārbūve",
]
FLOOR = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as handle:
    for row in csv.DictReader(handle):
        pass
"""


def generate_list(count: int, path: Path, seed: int = 1) -> None:
    """A list of `count` operations as Kohesio publishes them (CRLF, a byte-order mark)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for index in range(count):
            measure = f"{rng.randint(1, 9)}.{rng.randint(1, 4)}.{rng.randint(1, 3)}.{rng.randint(0, 4)}"
            number = f"{measure}/{16 + index % 7}/I/{index:05d}"
            total = Decimal(rng.randint(10_000, 500_000_000)) / 100
            eu = (total * Decimal("0.85")).quantize(Decimal("0.01"))
            title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
            values = dict.fromkeys(COLUMNS, "")
            values.update(
                Operation_Unique_Identifier=f"2014LV16MAOP001_{number}",
                Operation_Local_Identifier=number,
                Operation_Name_Programme_Language=f'{title} "{rng.choice(WORDS)}"',
                Operation_Name_English="Development of social work",
                Country="Latvia",
                Operation_Start_Date=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2015, 2019)}",
                Operation_End_Date=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2020, 2023)}",
                Cofinancing_Rate="85.0",
                Total_Eligible_Expenditure_amount=str(total),
                Total_Eligible_Expenditure_Currency="EUR",
                Project_EU_Budget=str(eu),
                Beneficiary_Name=f"{rng.choice(['Jūrmalas', 'Salaspils', 'Ogres', 'Ādažu'])} novada pašvaldība",
                Category_Of_Intervention=f"{rng.randint(1, 120):03d}",
                Category_Label="Active inclusion",
                Thematic_Objective_ID="09",
                Thematic_Objective_Label="Social inclusion",
                Fund_Code=rng.choice(["ESF", "ERDF", "CF"]),
                Programme_Code="2014LV16MAOP001",
                Programme_Name="Izaugsme un nodarbinātība",
                Region="Latvija",
                NUTS3_Code="LV006",
                Programming_Period="2014-2020",
                Operation_Summary_Programme_Language="\r\n".join(
                    " ".join(rng.choice(WORDS) for _ in range(30)) for _ in range(3)
                ),
                ManagingAuthority="Finanšu ministrija",
            )
            writer.writerow(values.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per size")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from benchmarks.run import run_once, tool

    esfproj = tool("esfproj")
    work = Path(tempfile.mkdtemp(prefix="esfproj-import-bench-"))
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            listed = work / f"kohesio-{size}.csv"
            generate_list(size, listed)
            timings: dict[str, list[tuple[float, int]]] = {"import": [], "validate": [], "again": [], "floor": []}
            for round_number in range(args.repeat):
                # a new folder each round, all removed at the end: a folder removed just before
                # makes the file system slow to create files for a while (seen: 2x)
                folder = str(work / f"{size}-{round_number}")
                for name, command in (
                    ("import", [esfproj, "import", str(listed), "--into", folder]),
                    ("validate", [esfproj, "validate", folder]),
                    ("again", [esfproj, "import", str(listed), "--into", folder]),
                    ("floor", [sys.executable, "-c", FLOOR, str(listed)]),
                ):
                    os.sync()
                    timings[name].append(run_once(command))
            medians = {k: (statistics.median(t for t, _ in v), max(m for _, m in v)) for k, v in timings.items()}
            rows.append((size, os.path.getsize(listed), medians))
            print(f"{size}: done", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        "| operations | list | esfproj import | esfproj validate (the records) | import vs validate "
        "| import again (all compared) | csv floor | peak memory import / again |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, length, m in rows:
        (i, im), (v, _), (a, am), (f, _) = m["import"], m["validate"], m["again"], m["floor"]
        print(
            f"| {size:,} | {length / 2**20:.1f} MiB | {i:.2f} s | {v:.2f} s | {i / v:.2f}x the time "
            f"| {a:.2f} s | {f:.2f} s | {im / 1024:.0f} / {am / 1024:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
