"""`esfproj show` prints the whole record, uncut, at any width."""

from __future__ import annotations

import re

import pytest

from esfproj.config import Config
from esfproj.engine import collect
from esfproj.model import Finding
from esfproj.record import Record
from esfproj.render.lang import word
from esfproj.render.record import render_record
from tests.conftest import AS_OF, REPO

SHOWN_AS_WRITTEN = ("activities", "activities_start", "partners", "participation", "legal_basis", "contacts",
                    "sources", "notes", "acknowledged", "programme")  # fmt: skip


def heading(key: str) -> str:
    return word("acknowledged_field" if key == "acknowledged" else key)


@pytest.fixture(scope="module")
def bundled() -> tuple[list[Record], list[Finding]]:
    records, result = collect([str(REPO / "data" / "projects")], Config(), AS_OF)
    return records, result.findings


def shown(record: Record, findings: list[Finding], width: int, lang: str = "en") -> str:
    mine = [f for f in findings if f.file == record.file]
    return render_record(record, mine, lang, colour=False, width=width, unread=[], files=6)


def flat(text: str) -> str:
    """The text with its line breaks and the tree's guides as single spaces."""
    return " ".join(re.sub(r"[│├└─]", " ", text).split())


@pytest.mark.parametrize("width", [80, 60])
def test_every_finding_is_whole_at_narrow_widths(bundled: tuple[list[Record], list[Finding]], width: int) -> None:
    records, findings = bundled
    jurmala = next(r for r in records if r.id == "jurmala-9.2.1.1-15-I-001")
    out = shown(jurmala, findings, width)
    assert max(len(line) for line in out.splitlines()) <= width
    mine = [f for f in findings if f.file == jurmala.file]
    assert len(mine) == 2
    for finding in mine:
        message = finding.message.render(human=True)
        assert f"{finding.check}] {finding.path}: {message} (acknowledged)" in flat(out)
    # The figures and "(acknowledged)" of the ministry gap stay beside the mark.
    assert "✗ funding-breakdown (acknowledged): parts add up to 47 032.91 EUR, the node states 50 032.91 EUR" in flat(
        out
    )


def test_an_amount_is_never_broken_across_lines(bundled: tuple[list[Record], list[Finding]]) -> None:
    records, findings = bundled
    jurmala = next(r for r in records if r.id == "jurmala-9.2.1.1-15-I-001")
    for width in (60, 70, 80, 100):
        out = shown(jurmala, findings, width)
        for amount in ("46 370.35", "47 032.91", "50 032.91", "69 905.91", "70 222.38", "3 000.00"):
            assert amount in out, (width, amount)
        assert not re.search(r"\d\n\s*[│ ]*\d{3}[.,]\d\d", out), width


def test_every_field_the_record_has_is_printed(bundled: tuple[list[Record], list[Finding]]) -> None:
    records, findings = bundled
    for record in records:
        out = shown(record, findings, 100)
        for key in record.data:
            if key in SHOWN_AS_WRITTEN:
                assert re.search(rf"^{heading(key)}  ", out, re.M), (record.id, key)
    di = next(r for r in records if r.id == "9.2.2.1-15-I-002")
    out = flat(shown(di, findings, 80))
    assert "Activities from 2015-07-01" in out
    assert "count: 14 groups: - kind: pašvaldības count: 12" in out
    assert "title: MK noteikumi Nr.313, kas stājās spēkā 18.10.2022" in out
    salaspils = next(r for r in records if r.id == "salaspils-9.2.1.1-15-I-001")
    assert "Participation - label: pilotprojekts" in flat(shown(salaspils, findings, 80))


def test_every_field_of_the_schema_has_a_heading_in_both_languages() -> None:
    from esfproj.render.lang import WORDS
    from esfproj.schema import schema

    fields = set(schema()["properties"]) - {"schema_version"}  # never shown
    assert fields - set(WORDS["en"]) == set()
    assert fields - set(WORDS["lv"]) == set()


def test_latvian_show_has_no_english_around_the_data(bundled: tuple[list[Record], list[Finding]]) -> None:
    records, findings = bundled
    jurmala = next(r for r in records if r.id == "jurmala-9.2.1.1-15-I-001")
    out = shown(jurmala, findings, 120, "lv")
    assert f"{word('breakdown', 'lv')} {word('by_activity', 'lv')}" in out
    assert "(daļu summa)" in out and "(atzīts)" in out
    above_findings = out.split("Konstatējumi: 2")[0]
    for english in ("breakdown by", "(sum of parts)", "(acknowledged)", "participant's share"):
        assert english not in above_findings, english
    for heading in ("Activities", "Notes", "Contacts", "Acknowledged", "Scope", "Funding", "Findings"):
        assert not re.search(rf"^{heading}\b", out, re.M), heading
