"""`summary`'s totals kept between runs (`SummaryFold`) and updated by the projects whose
records changed give, byte for byte, what adding every record up again gives: through random
edits that move money, records between projects, shares in and out of their whole project's
record, currencies and years, and records that break or cannot be read."""

from __future__ import annotations

import os
import random
import shutil
import time
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.loader import parse
from esfproj.money import trimmed
from esfproj.record import build
from esfproj.summary import Row, Summary, SummaryBuilder, SummaryFold, contribution
from tests.conftest import VALID

runner = CliRunner()
NUMBERS = ("9.2.1.1/15/I/001", "9.2.1.1/15/I/002", "9.2.2.1/15/I/003")
PARTICIPANTS = ("Jūrmalas pilsētas dome", "Salaspils novada dome")
COMMANDS = (
    ["--by", "fund"],
    ["--by", "participant"],
    ["--by", "source,year"],
    ["--by", "fund", "--year", "2017"],
    ["--by", "participant", "--top", "1"],
    ["--by", "status,participant", "--from", "2016-06-01", "--to", "2018-03-31"],
)


def money(rng: random.Random) -> Decimal:
    cents = Decimal(rng.randrange(0, 10_000_000)) / 100
    return cents + Decimal("0.005") if rng.random() < 0.1 else cents  # now and then a third decimal


def record_text(rng: random.Random) -> str:
    """A record of one of three projects: the whole project or a participant's share, in euro
    or dollars, over a random period, its parts adding up or not."""
    esf, state = money(rng), money(rng)
    whole = esf + state if rng.random() < 0.8 else esf + state + Decimal("0.01")
    text = (
        VALID.replace("9.2.1.1/15/I/001", rng.choice(NUMBERS))
        .replace("amount: 100.00", f"amount: {whole}")
        .replace("amount: 85.00", f"amount: {esf}")
        .replace("amount: 15.00", f"amount: {state}")
        .replace("start: 2016-04-18", f"start: {rng.choice(['2015-07-01', '2016-04-18', '2017-02-28'])}")
        .replace("end: 2027-12-31", f"end: {rng.choice(['2017-12-31', '2019-06-30', '2027-12-31'])}")
    )
    if rng.random() < 0.3:
        text = text.replace("funding:\n", "funding:\n  currency: USD\n")
    if rng.random() < 0.5:
        text += f"participant: {{name: {rng.choice(PARTICIPANTS)}}}\n"
    return text


def step(folder: Path, rng: random.Random, number: int) -> str:
    """One random change to the records; what it did."""
    files = sorted(folder.glob("*.yaml"))
    target = rng.choice(files)
    kinds = ["edit", "edit", "edit", "rename", "delete", "new", "copy", "break", "unreadable", "no funding"]
    kind = rng.choice(kinds)
    if kind == "edit":
        target.write_text(record_text(rng), encoding="utf-8")
    elif kind == "rename":
        target.rename(folder / f"renamed-{number}.yaml")
    elif kind == "delete" and len(files) > 2:
        target.unlink()
    elif kind == "new":
        (folder / f"new-{number}.yaml").write_text(record_text(rng), encoding="utf-8")
    elif kind == "copy":  # the same content under another name
        shutil.copyfile(target, folder / f"copy-{number}.yaml")
    elif kind == "break":
        target.write_text("- not a record\n", encoding="utf-8")
    elif kind == "unreadable":
        target.write_text(record_text(rng).replace("amount: ", "amount: € ", 2), encoding="utf-8")
    elif kind == "no funding":
        text = record_text(rng)
        target.write_text(text[: text.index("funding:")], encoding="utf-8")
    for file in folder.glob("*.yaml"):  # past the racy window, so served by their stat data
        when = time.time_ns() - 5_000_000_000
        if file.stat().st_mtime_ns > when:  # only those just written: this changes the ctime too
            os.utime(file, ns=(when, when))
    return f"{kind} {target.name}"


def summaries(top: Path, *extra: str) -> list[tuple[int, str]]:
    found = []
    for command in COMMANDS:
        result = runner.invoke(
            app, ["summary", *command, "--format", "json", "--config", str(top / "esfproj.toml"), "records", *extra]
        )
        found.append((result.exit_code, result.output))
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_totals_updated_equal_totals_made_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    rng = random.Random(seed)
    top = tmp_path
    (top / "records").mkdir()
    (top / "esfproj.toml").write_text('paths = ["records"]\n', encoding="utf-8")
    for number in range(12):
        (top / "records" / f"r{number:02d}.yaml").write_text(record_text(rng), encoding="utf-8")
    built: list[tuple[object, ...]] = []
    monkeypatch.setattr(SummaryFold, "build", counted(SummaryFold.build, built))
    monkeypatch.chdir(top)
    done: list[str] = []
    for number in range(25):
        cached = summaries(top)
        assert cached == summaries(top, "--no-cache"), (seed, done)
        assert summaries(top) == cached, (seed, done)
        done.append(step(top / "records", rng, number))
    from_snapshots = [call for call in built if call[1] is not None]  # not the --no-cache runs' own
    assert len(from_snapshots) == len(COMMANDS) - 1  # made once per fold (--top shares one), then only updated


def counted(function: object, calls: list[tuple[object, ...]]) -> object:
    def spy(*args: object) -> object:
        calls.append(args)
        return function(*args)  # type: ignore[operator]

    return spy


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("0.250", "0.25"),
        ("1.125", "1.125"),
        ("100.000", "100.00"),
        ("0E-5", "0.00"),
        ("5", "5.00"),
        ("110.0", "110.00"),
        ("-3.1000", "-3.10"),
    ],
)
def test_a_sum_shows_the_decimals_its_value_needs(written: str, shown: str) -> None:
    assert str(trimmed(Decimal(written))) == shown


@pytest.mark.parametrize("seed", range(20))
def test_whole_projects_known_ahead_count_as_shares_taken_back(seed: int) -> None:
    """`report` adds its records up once every whole project is known (`wholes`): no share is
    kept to be taken back, and the sums are those of a builder fed as the records come."""
    rng = random.Random(seed)
    records = [build(parse(record_text(rng)).data, f"r{n}.yaml") for n in range(30)]
    for by in (("fund",), ("source", "year"), ("participant",), ("status", "participant")):
        contributions = [contribution(r, by) for r in records]
        wholes: dict[str, str] = {}
        for item in contributions:
            whole = SummaryBuilder.whole_project(item)
            if whole is not None:
                wholes.setdefault(*whole)
        streamed, ahead = SummaryBuilder(by), SummaryBuilder(by, wholes=wholes)
        for item in contributions:
            streamed.add(item)
            ahead.add(item)
        assert not ahead.counted_shares
        assert exactly(ahead.result()) == exactly(streamed.result())


def exactly(summary: Summary) -> tuple[object, ...]:
    """A summary with its amounts as their text (Decimal's == is blind to `0.250` vs `0.25`)."""

    def rows(found: list[Row]) -> list[tuple[object, ...]]:
        return [(r.key, r.currency, str(r.amount), r.records, str(r.share)) for r in found]

    members = sorted(summary.members.items())
    return (rows(summary.rows), rows(summary.totals), summary.without_funding, summary.records, summary.scope, members)
