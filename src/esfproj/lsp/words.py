"""The server's own words (hover, inlay hints, code actions) in English and Latvian; the
findings' messages come with both forms from the checks."""

from __future__ import annotations

from decimal import Decimal

from esfproj.money import format_amount
from esfproj.text import lv_number

WORDS: dict[str, tuple[str, str]] = {
    "node": ("Funding node", "Finansējuma mezgls"),
    "parts_sum": ("parts add up to", "daļu summa"),
    "difference": ("difference", "starpība"),
    "parts_agree": ("the parts add up to the node", "daļas saskaitās līdz mezglam"),
    "share_of": ("of", "no"),
    "no_amount": ("no amount", "nav summas"),
    "rate_given": ("the amounts give", "pēc summām likme ir"),
    "rate_stated": ("the record states", "ierakstā norādīts"),
    "rate_unknown": (
        "the amounts do not give a rate: the node or its parent has no amount",
        "pēc summām likmi nevar noteikt: mezglam vai tā virsmezglam nav summas",
    ),
    "passing": ("Passing example", "Pareizs piemērs"),
    "failing": ("Failing example", "Kļūdains piemērs"),
    "project": ("Project", "Projekts"),
    "whole": ("whole project", "viss projekts"),
    "no_whole": ("no whole-project record in the workspace", "darba vietā nav visa projekta ieraksta"),
    "shares": ("participants' shares", "dalībnieku daļas"),
    "no_figures": ("no funding figures", "nav finansējuma datu"),
    "unassigned": ("left unassigned", "nesadalīts atlikums"),
    "over": ("the shares are more than the whole by", "daļas pārsniedz visu projektu par"),
    "incomplete": (
        "incomplete: records without an amount are left out",
        "nepilnīgs: ieraksti bez summas nav ieskaitīti",
    ),
    "acknowledge": ("Acknowledge {} at {}", "Atzīt {} vietā {}"),
    "acknowledge_here": ("Acknowledge {}", "Atzīt {}"),
    "note": (
        "to complete: why the record is right as it is",
        "jāaizpilda: kāpēc ieraksts ir pareizs tāds, kāds tas ir",
    ),
    "write_amount": ("Write the amount as {}", "Rakstīt summu kā {}"),
    "set_rate": ("Set the rate to {} (as the amounts give)", "Iestatīt likmi {} (kā izriet no summām)"),
    "sum_hint": ("Σ parts", "Σ daļas"),
}


def word(key: str, lang: str) -> str:
    english, latvian = WORDS[key]
    return latvian if lang == "lv" else english


def money(amount: Decimal, lang: str) -> str:
    """An amount as people read it: `47 032.91` (en), `47 032,91` (lv)."""
    return format_amount(amount, group=True, lang=lang)


def percent(value: Decimal, lang: str) -> str:
    text = format(value, "f")
    return f"{lv_number(text) if lang == 'lv' else text} %"
