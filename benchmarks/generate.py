"""A deterministic generator of realistic project records for benchmarks.

    python benchmarks/generate.py 2000 /tmp/records [--seed 1] [--errors 0.03]

Each record has a nested funding tree (eligible and ineligible costs, EU fund,
state budget and municipality with rates, a by_activity breakdown), activities,
indicators with "of which" parts, partners and contacts, like the records in
data/projects. About 3 % of the records have an error a person would make: a
sum that is off, a decimal comma, a Latvian date, a misspelt key, a wrong rate.
"""

from __future__ import annotations

import argparse
import datetime
import random
from decimal import Decimal
from pathlib import Path

WORDS = (
    "sociālo",
    "pakalpojumu",
    "attīstība",
    "pašvaldībās",
    "profesionālās",
    "izglītības",
    "iestāžu",
    "audzēkņu",
    "dalība",
    "darba",
    "vidē",
    "balstītās",
    "mācībās",
    "deinstitucionalizācija",
    "bērniem",
    "personām",
    "ar",
    "invaliditāti",
    "nodarbinātības",
    "veicināšana",
    "reģiona",
    "speciālistu",
    "apmācības",
    "kvalitātes",
    "uzlabošana",
    "infrastruktūras",
    "atjaunošana",
    "pieejamība",
    "dzīvesvietā",
)
PLACES = (
    "Jūrmalas pilsētas dome",
    "Salaspils novada pašvaldība",
    "Rīgas valstspilsētas pašvaldība",
    "Ogres novada pašvaldība",
    "Valmieras novada pašvaldība",
    "Liepājas valstspilsētas pašvaldība",
    "Cēsu novada pašvaldība",
)
LEADS = (
    "Labklājības ministrija",
    "Izglītības un zinātnes ministrija",
    "Rīgas plānošanas reģions",
    "Nodarbinātības valsts aģentūra",
)
MEASURES = ("9.2.1.1", "9.2.2.1", "8.5.1.0", "7.1.1.0", "9.1.1.1", "8.3.2.2")
FUNDS = ("ESF", "ESF", "ESF", "ERDF", "ESF+", "YEI")
ERRORS = ("sum", "comma", "date", "key", "rate")
CENT = Decimal("0.01")
AS_OF = datetime.date(2026, 1, 1)  # benchmarks validate with --as-of 2026-01-01


def number(measure: str, index: int) -> str:
    """A project number of one of the known forms, unique for every index."""
    sequence = f"{index // len(MEASURES) % 1000:03d}"
    block = index // (len(MEASURES) * 1000)
    if block < 10:
        return f"{measure}/{15 + block}/I/{sequence}"
    return f"{measure}/{block - 9}/24/I/{sequence}"  # 2021-2027: round / year / I / sequence


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def money(value: Decimal) -> str:
    """An amount as the records write it: plain, two decimals, no underscores (which
    YAML 1.2 readers take for text; see the check yaml-portability)."""
    return f"{value:.2f}"


def split(total: Decimal, shares: list[int]) -> list[Decimal]:
    parts = [(total * share / 100).quantize(CENT) for share in shares[:-1]]
    return [*parts, total - sum(parts, Decimal(0))]


def record(rng: random.Random, index: int, error: str | None) -> str:
    measure = MEASURES[index % len(MEASURES)]  # with the year and sequence: unique numbers
    fund = rng.choice(FUNDS)
    start = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3000))
    end = start + datetime.timedelta(days=rng.randrange(200, 2500))
    eligible = Decimal(rng.randrange(1_000_000, 2_000_000_000)) / 100
    ineligible = Decimal(rng.randrange(0, 5_000_000)) / 100
    eu, state = split(eligible, [85, 15])
    eu_rate = "84.9" if error == "rate" else "85"
    by_activity = split(eligible, [30, 25, 45])
    if error == "sum":
        by_activity[0] += Decimal("1000.00")
    municipality, own = split(ineligible, [90, 10])
    amount = money(eligible + ineligible)
    if error == "comma":
        amount = '"' + f"{eligible + ineligible:.2f}".replace(".", ",") + '"'
    start_text = start.strftime("%d.%m.%Y") if error == "date" else start.isoformat()
    key = "fundng" if error == "key" else "funding"
    participant = rng.choice(PLACES)
    activities = "".join(f"  - {words(rng, rng.randrange(6, 16))}\n" for _ in range(rng.randrange(4, 10)))
    indicators = "".join(
        f"  - label: {words(rng, 8)}\n    unit: personas\n    target: {t}\n"
        f"    parts:\n      - label: {words(rng, 4)}\n        target: {t // 4}\n"
        for t in (rng.randrange(10, 1000) for _ in range(rng.randrange(2, 5)))
    )
    breakdown = "".join(f"          - label: {words(rng, 3)}\n            amount: {money(a)}\n" for a in by_activity)
    return f"""\
# yaml-language-server: $schema=../../schemas/project.schema.json
schema_version: 1
project_number: {number(measure, index)}
title: {words(rng, 7)}
fund: {fund}
programme:
  name: Izaugsme un nodarbinātība
  period: 2014-2020
specific_objective:
  code: "{measure.rsplit(".", 1)[0]}"
measure:
  code: "{measure}"
  title: {words(rng, 5)}
status: {"completed" if end < AS_OF else "in_progress"}
lead_partner: {rng.choice(LEADS)}
participant:
  name: {participant} {index}
  role: partner
period:
  start: {start_text}
  end: {end.isoformat()}
objective: {words(rng, 14)}.
activities:
{activities}partners:
  count: 3
  groups:
    - kind: pašvaldības
      count: 2
    - kind: centri
      count: 1
indicators:
{indicators}{key}:
  label: Finansējuma apmērs
  amount: {amount}
  currency: EUR
  parts:
    - label: Kopējās attiecināmās izmaksas
      amount: {money(eligible)}
      eligibility: eligible
      parts:
        - label: {fund} finansējums
          amount: {money(eu)}
          rate: {eu_rate}
          source: {fund}
        - label: Valsts budžeta finansējums
          amount: {money(state)}
          rate: 15
          source: state_budget
      breakdowns:
        by_activity:
{breakdown}    - label: Neattiecināmās izmaksas
      amount: {money(ineligible)}
      eligibility: ineligible
      parts:
        - label: Pašvaldība sedz
          amount: {money(municipality)}
          source: municipality
        - label: Pašu ieņēmumi
          amount: {money(own)}
contacts:
  - name: {words(rng, 2)}
    role: projekta vadītāja
    email: projekts{index}@example.lv
    phone: "+371 6700{index % 10000:04d}"
"""


def generate(count: int, folder: Path, seed: int = 1, errors: float = 0.03) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        error = rng.choice(ERRORS) if rng.random() < errors else None
        name = f"rec-{index:06d}.yaml"
        (folder / name).write_text(record(rng, index, error), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--errors", type=float, default=0.03)
    args = parser.parse_args()
    generate(args.count, args.folder, args.seed, args.errors)


if __name__ == "__main__":
    main()
