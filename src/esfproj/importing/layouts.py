"""Published layouts of lists of operations: one mapping table each, from columns to the
fields of a record.

A table is a tuple of entries in the order the record writes its fields:
`Field(path, columns, read)` takes the first non-empty column of `columns` through
`read` (a reader raises `Unreadable` for a value it cannot read: the row is refused);
`Const(path, value)` is written only beside a field the row gives. Another layout (the
national KPVIS list, another country's) is one more `Layout` in `LAYOUTS`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from esfproj.model import Message, Path
from esfproj.numbers import LISTED, plain_amount
from esfproj.record import EU_FUNDS, UNION_FUNDS

DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


class Unreadable(Exception):
    """A value a reader cannot read; the row is refused with this reason."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason.template)
        self.reason = reason


Reader = Callable[[str, str], object]
"""(column, text) -> the value to write; None writes nothing."""


def text(column: str, value: str) -> str:
    """Exactly as published; a line break written CR LF in the list is one line break."""
    return value.replace("\r\n", "\n")


def _number(what: str, what_lv: str, example: str) -> Callable[[str, str], Decimal]:
    """A reader of numbers written with a decimal point, exactly from their text (never
    float); `n/a`, `1,5`, `1e5` are refused, naming `what` they should be."""

    def read(column: str, value: str) -> Decimal:
        if not LISTED.fullmatch(value):
            meant = plain_amount(value)  # said, never written: a published figure is not corrected
            maybe, maybe_lv = (f"; it may mean {meant}", f"; iespējams, {meant}") if meant is not None else ("", "")
            raise Unreadable(
                Message(
                    f"{column} {value!r} is not {what} (digits with a decimal point: {example}){maybe}",
                    lv=f"{column} {value!r} nav {what_lv} (cipari ar decimālpunktu: {example}){maybe_lv}",
                )
            )
        return Decimal(value)

    return read


amount = _number("an amount", "summa", "337478.40")
"""`337478.4` -> 337478.4."""
percentage = _number("a percentage", "procenti", "85.0")
"""`40.0` -> 40.0."""


def day_month_year(column: str, value: str) -> str:
    """`04/09/2023` -> `2023-09-04`: the same day, in the record's form."""
    match = DAY_MONTH_YEAR.fullmatch(value)
    if not match:
        raise Unreadable(
            Message(f"{column} {value!r} is not a date dd/mm/yyyy", lv=f"{column} {value!r} nav datums dd/mm/gggg")
        )
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise Unreadable(
            Message(f"{column} {value!r}: there is no such day", lv=f"{column} {value!r}: tādas dienas nav")
        ) from None


FUND_CODES: dict[str, str] = {
    **{name.casefold(): name for name in EU_FUNDS},
    "esfplus": "ESF+",
    "isf-b": "ISF",
    "isf-p": "ISF",
    "etc": "ERDF",
}
"""A list's fund code, case-folded and without spaces, to the fund value it stands for:
every EU fund by its own name, ESF Plus, the two instruments of the ISF of 2014-2020, and
ETC (European territorial cooperation), whose programmes are ERDF; so is every code that
begins with Interreg (`Interreg`, `Interreg VI-A`)."""


def fund(column: str, value: str) -> str:
    """The fund value of a code (`erdf`, `ESF Plus`, `Interreg VI-A`), in any case;
    `other` for a code that names none (kept in `fund_text`)."""
    code = "".join(value.split()).casefold()
    if code.startswith("interreg"):
        return "ERDF"
    return FUND_CODES.get(code, "other")


def fund_text(column: str, value: str) -> str | None:
    """The fund as published, only where it is not one of the fund values as written."""
    return None if value in UNION_FUNDS else value


class Field(NamedTuple):
    path: Path
    columns: tuple[str, ...]
    """The first of these with a value gives it."""
    read: Reader = text
    alone: bool = True
    """False: a value that does not make its object worth writing on its own (a currency,
    a source with no amount)."""


class Const(NamedTuple):
    path: Path
    value: object


Entry = Field | Const


class Layout(NamedTuple):
    name: str
    identifier: str
    """The column that identifies an operation: repeats are found by it, records matched."""
    entries: tuple[Entry, ...]
    remainder: str
    """The label of the derived part: the total less the published parts, where the list
    does not say who pays it."""

    def columns(self) -> tuple[str, ...]:
        """Every column the table reads: a list without one of them is a usage error."""
        seen = dict.fromkeys([self.identifier])
        for entry in self.entries:
            if isinstance(entry, Field):
                seen.update(dict.fromkeys(entry.columns))
        return tuple(seen)


EU_PART: Path = ("funding", "parts", 0)
KOHESIO = Layout(
    name="kohesio",
    identifier="Operation_Unique_Identifier",
    entries=(
        Const(("schema_version",), 1),
        Field(("project_number",), ("Operation_Local_Identifier", "Operation_Unique_Identifier")),
        Field(("title",), ("Operation_Name_Programme_Language", "Operation_Name_English")),
        Field(("title_en",), ("Operation_Name_English",)),
        Field(("fund",), ("Fund_Code",), fund),
        Field(("fund_text",), ("Fund_Code",), fund_text),
        Const(("status",), "unknown"),
        Field(("programme", "name"), ("Programme_Name",)),
        Field(("programme", "cci"), ("Programme_Code",)),
        Field(("programme", "period"), ("Programming_Period",)),
        Field(("category_of_intervention", "code"), ("Category_Of_Intervention",)),
        Field(("category_of_intervention", "label"), ("Category_Label",)),
        Field(("thematic_objective", "code"), ("Thematic_Objective_ID",)),
        Field(("thematic_objective", "label"), ("Thematic_Objective_Label",)),
        Field(("policy_objective", "code"), ("Policy_Objective_ID",)),
        Field(("policy_objective", "label"), ("Policy_Objective_Label",)),
        Field(("lead_partner",), ("Beneficiary_Name",)),
        Field(("region",), ("Region",)),
        Field(("location", "country"), ("Country",)),
        Field(("location", "postal_code"), ("Postal_Code",)),
        Field(("location", "nuts3_code"), ("NUTS3_Code",)),
        Field(("location", "coordinates"), ("Location_Indicator_latitude_longitude",)),
        Field(("period", "start"), ("Operation_Start_Date",), day_month_year),
        Field(("period", "end"), ("Operation_End_Date",), day_month_year),
        Field(("summary",), ("Operation_Summary_Programme_Language",)),
        Field(("summary_en",), ("Operation_Summary_English",)),
        Field(("managing_authority",), ("ManagingAuthority",)),
        Const(("funding", "label"), "Total eligible expenditure"),
        Field(("funding", "amount"), ("Total_Eligible_Expenditure_amount",), amount),
        Field(("funding", "currency"), ("Total_Eligible_Expenditure_Currency",), alone=False),
        Const(("funding", "eligibility"), "eligible"),
        Const((*EU_PART, "label"), "EU budget"),
        Field((*EU_PART, "amount"), ("Project_EU_Budget",), amount),
        Field((*EU_PART, "source"), ("Fund_Code",), fund, alone=False),
        Field(("cofinancing_rate",), ("Cofinancing_Rate",), percentage),
    ),
    remainder="Rest of the eligible expenditure (not published: the total less the EU budget)",
)

LAYOUTS = {layout.name: layout for layout in (KOHESIO,)}
