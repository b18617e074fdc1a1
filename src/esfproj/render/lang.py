"""Words and numbers for people: English by default, Latvian with `--lang lv`.

Machine formats (CSV, JSON, JSONL) never change with the language.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from esfproj.money import format_amount
from esfproj.text import lv_date, lv_number

WORDS: dict[str, dict[str, str]] = {
    "en": {},
    "lv": {
        # headings
        "id": "ID",
        "project_number": "Projekta Nr.",
        "title": "Nosaukums",
        "participant": "Dalībnieks",
        "participant_or_lead": "Dalībnieks / vadošais partneris",
        "lead_partner": "Vadošais partneris",
        "fund": "Fonds",
        "status": "Statuss",
        "period": "Periods",
        "total": "Kopā",
        "records": "Ieraksti",
        "amount": "Summa",
        "share": "Daļa",
        "source": "Avots",
        "eligibility": "Attiecināmība",
        "programme": "Programma",
        "specific_objective": "SAM",
        "measure": "Pasākums",
        "region": "Reģions",
        "year": "Gads",
        "currency": "Valūta",
        "grand_total": "Kopā",
        "label": "Pozīcija",
        "rate": "Likme",
        "target": "Mērķis",
        "achieved": "Sasniegts",
        "unit": "Mērvienība",
        "indicators": "Rādītāji",
        "findings": "Konstatējumi",
        "funding": "Finansējums",
        "objective": "Mērķis",
        "scope": "Tvērums",
        "sum_of_parts": "daļu summa",
        "breakdown": "sadalījums",
        "no_label": "(bez nosaukuma)",
        "by_activity": "pa darbībām",
        "activities": "Darbības",
        "activities_start": "Darbību sākums",
        "partners": "Partneri",
        "participation": "Dalība",
        "legal_basis": "Tiesiskais pamats",
        "contacts": "Kontakti",
        "sources": "Avoti",
        "notes": "Piezīmes",
        "acknowledged_field": "Atzītie konstatējumi",
        "title_en": "Nosaukums angliski",
        "status_text": "Statuss (publicēts)",
        "tags": "Birkas",
        "fund_text": "Fonds (publicēts)",
        "category_of_intervention": "Intervences kategorija",
        "thematic_objective": "Tematiskais mērķis",
        "policy_objective": "Politikas mērķis",
        "location": "Atrašanās vieta",
        "summary": "Kopsavilkums",
        "summary_en": "Kopsavilkums angliski",
        "managing_authority": "Vadošā iestāde",
        "cofinancing_rate": "ES līdzfinansējuma likme (%)",
        "listing": "Darbību saraksts",
        "derived": "aprēķināts",
        # esfproj import
        "import_refused": "{0}: atteikta {1}: {2}",
        "import_no_identifier": "(bez identifikatora)",
        "import_repeat": "{0}: {1} atkārto {2}. rindu; importēta vienreiz",
        "import_repeat_differs": "atkārto {0}. rindas darbību ar citām vērtībām",
        "import_would_create": "tiktu izveidots {0} no {1}",
        "import_unread": "{0}: nav nolasāms kā ieraksts ({1}); neviena rinda ar to netiek salīdzināta",
        "import_not_compared": "{0}: nav nolasāms kā ieraksts ({1}); nav salīdzināts ar {2}",
        "import_differs": "{0}:{1}: {2}: sarakstā {3}, ierakstā {4}",
        "import_nothing": "nekas",
        "import_mapping": "karte",
        "import_list": "saraksts",
        "import_closing": "{0}: izveidoti {1}, nemainīti {2}, atšķiras {3}, atteiktas {4}, atkārtotas {5}",
        "import_closing_dry": (
            "{0}: tiktu izveidoti {1}, nemainīti {2}, atšķiras {3}, atteiktas {4}, atkārtotas {5}; "
            "nekas netika ierakstīts (--dry-run)"
        ),
        # values
        "whole_project": "viss projekts",
        "error": "kļūda",
        "warning": "brīdinājums",
        "info": "piezīme",
        "lead": "vadošais partneris",
        "partner": "sadarbības partneris",
        "participant_share": "dalībnieka daļa",
        "planned": "Plānots",
        "in_progress": "Īstenošanā",
        "completed": "Pabeigts",
        "suspended": "Apturēts",
        "terminated": "Pārtraukts",
        "unknown": "Nezināms",
        "state_budget": "valsts budžets",
        "municipality": "pašvaldība",
        "private": "privātais",
        "other": "cits",
        "unspecified": "nav norādīts",
        "unallocated": "nesadalīts",
        "eligible": "attiecināmās",
        "ineligible": "neattiecināmās",
        # sentences
        "without_funding": "Ieraksti bez finansējuma datiem: {0}",
        "within_whole": (
            "Dalībnieku daļas, kas ietvertas sava projekta kopējā ierakstā un nav pieskaitītas vēlreiz: {0}"
        ),
        "scope_counts": "Visa projekta ieraksti: {0}; dalībnieku daļu ieraksti bez projekta kopējā ieraksta: {1}",
        "year_note": (
            "Gadi: katra ieraksta finansējuma koka katra summa sadalīta pa perioda "
            "kalendārajiem gadiem proporcionāli dienām (ieskaitot sākuma un beigu dienu), "
            "noapaļojot līdz centiem tā, lai tās gadu summas precīzi sakrīt ar to, tāpēc "
            'jebkurš grupējums saskan; ieraksti bez abiem datumiem ir rindā "nesadalīts".'
        ),
        "no_records": "Neviens ieraksts neatbilst.",
        "unread": (
            "Nepilnīgi: {0} no {1} failiem nevarēja nolasīt kā ierakstus, tāpēc to summas "
            "nav ietvertas nevienā šeit redzamajā skaitlī:"
        ),
        "not_read": "nelasīti",
        "skipped_hidden": "slēptas mapes",
        "skipped_venv": "virtuālās vides",
        "skipped_excluded": "izslēgti konfigurācijā (exclude)",
        "unlisted": (
            "Nepilnīgi: {0} mapju saturu nevarēja nolasīt, tāpēc neviens šeit redzamais skaitlis neietver to ierakstus:"
        ),
        "unreadable_amounts": (
            "Nepilnīgi: summas uzskaitītajos ierakstos, kuras nevarēja nolasīt ({0}), tāpēc neviens "
            "šeit redzamais skaitlis tās neietver:"
        ),
        "incomplete": "nepilnīgs",
        # the report
        "report_title": "ES fondu projekti: finansējuma pārskats",
        "headline": "Galvenie rādītāji",
        "charts": "No kurienes nāca nauda",
        "records_title": "Ieraksti",
        "quality": "Datu kvalitāte",
        "made": "Sagatavoja esfproj {0} {1}; datumi pārbaudīti uz {2}",
        "chart_source": "Finansējums pa avotiem",
        "chart_fund": "Finansējums pa fondiem",
        "chart_year": "Finansējums pa gadiem (sadalīts proporcionāli perioda dienām)",
        "chart_status": "Finansējums pa statusiem",
        "no_findings": "Nav konstatējumu.",
        "acknowledged": "atzīts",
        "findings_count": "Konstatējumi",
        "all_records": "Ieraksti",
        "no_funding": "Nav finansējuma datu.",
        "back": "Atpakaļ uz ierakstiem",
        "failing": "neizpildīta pārbaude",
        "headline_eu_funds": "ES fondi",
        "headline_state_budget": "Valsts budžets",
        "headline_municipality": "Pašvaldības",
        "headline_other": "Citi",
        "headline_unspecified": "Avots nav norādīts",
        # esfproj diff
        "diff_working_tree": "darba koks",
        "diff_heading": "{0} → {1}",
        "diff_nothing": "Neviens ieraksts nav mainīts starp {0} un {1}.",
        "diff_counts": "Ieraksti: mainīti {0}, pievienoti {1}, noņemti {2}, pārvietoti {3}",
        "diff_total": "kopā {0} {3} → {1} {3} ({2} {3})",
        "diff_by_fund": "Kopsummas pa fondiem",
        "diff_by_source": "Kopsummas pa avotiem",
        "diff_records": "Mainītie ieraksti",
        "diff_base": "Pirms",
        "diff_head": "Pēc",
        "diff_change": "Izmaiņa",
        "diff_what": "Kas notika",
        "diff_added": "pievienots",
        "diff_removed": "noņemts",
        "diff_changed": "mainīts",
        "diff_moved": "pārvietots",
        "diff_moved_from": "pārvietots no {0}",
        "diff_not_read": "nav nolasīts",
        "diff_no_figures": "nav datu",
        "diff_not_counted": "(nav kopsummā)",
        "diff_introduced": "Izmaiņas radītie konstatējumi: {0}",
        "diff_resolved": "Izmaiņas novērstie konstatējumi: {0}",
        "diff_no_findings": "Izmaiņa nerada un nenovērš nevienu konstatējumu.",
        "diff_incomplete": (
            "Nepilnīgi: šos failus nevarēja nolasīt kā ierakstus, tāpēc to puses kopsummās nav to naudas:"
        ),
        "diff_side_base": "pirms",
        "diff_side_head": "pēc",
    },
}
ENGLISH = {
    "id": "Id",
    "project_number": "Project number",
    "title": "Title",
    "participant": "Participant",
    "participant_or_lead": "Participant / lead",
    "lead_partner": "Lead partner",
    "fund": "Fund",
    "status": "Status",
    "period": "Period",
    "total": "Total",
    "records": "Records",
    "amount": "Amount",
    "share": "Share",
    "source": "Source",
    "eligibility": "Eligibility",
    "programme": "Programme",
    "specific_objective": "Specific objective",
    "measure": "Measure",
    "region": "Region",
    "year": "Year",
    "currency": "Currency",
    "grand_total": "Total",
    "label": "Item",
    "rate": "Rate",
    "target": "Target",
    "achieved": "Achieved",
    "unit": "Unit",
    "indicators": "Indicators",
    "findings": "Findings",
    "funding": "Funding",
    "objective": "Objective",
    "without_funding": "Records without funding figures: {0}",
    "within_whole": "Participants' shares counted within their project's whole-project record, not added again: {0}",
    "scope_counts": "Whole-project records: {0}; participants' share records with no whole-project record: {1}",
    "scope": "Scope",
    "sum_of_parts": "sum of parts",
    "breakdown": "breakdown",
    "no_label": "(no label)",
    "by_activity": "by activity",
    "activities": "Activities",
    "activities_start": "Activities from",
    "partners": "Partners",
    "participation": "Participation",
    "legal_basis": "Legal basis",
    "contacts": "Contacts",
    "sources": "Sources",
    "notes": "Notes",
    "acknowledged_field": "Acknowledged",
    "title_en": "English title",
    "status_text": "Status as published",
    "tags": "Tags",
    "fund_text": "Fund as published",
    "category_of_intervention": "Category of intervention",
    "thematic_objective": "Thematic objective",
    "policy_objective": "Policy objective",
    "location": "Location",
    "summary": "Summary",
    "summary_en": "Summary in English",
    "managing_authority": "Managing authority",
    "cofinancing_rate": "Union co-financing rate (%)",
    "listing": "Listing",
    "derived": "derived",
    "import_refused": "{0}: refused {1}: {2}",
    "import_no_identifier": "(no identifier)",
    "import_repeat": "{0}: {1} repeats line {2}; imported once",
    "import_repeat_differs": "repeats the operation of line {0} with other values",
    "import_would_create": "would create {0} from {1}",
    "import_unread": "{0}: cannot be read as a record ({1}); no row is compared with it",
    "import_not_compared": "{0}: cannot be read as a record ({1}); not compared with {2}",
    "import_differs": "{0}:{1}: {2}: the list says {3}, the record says {4}",
    "import_nothing": "nothing",
    "import_mapping": "a mapping",
    "import_list": "a list",
    "import_closing": "{0}: created {1}, unchanged {2}, differing {3}, refused {4}, repeated {5}",
    "import_closing_dry": (
        "{0}: would create {1}, unchanged {2}, differing {3}, refused {4}, repeated {5}; "
        "nothing was written (--dry-run)"
    ),
    "whole_project": "whole project",
    "error": "error",
    "warning": "warning",
    "info": "info",
    "lead": "lead partner",
    "partner": "partner",
    "participant_share": "participant's share",
    "year_note": (
        "Years: each amount of each record's funding tree is spread over the calendar "
        "years of the record's period in proportion to days (start and end day both "
        "count), rounded to cents so that its years add up exactly to it, so every "
        'grouping adds up; records without both dates are in the "unallocated" row.'
    ),
    "no_records": "No records match.",
    "unread": ("Incomplete: {0} of {1} files could not be read as records, so no figure here includes their money:"),
    "not_read": "not read",
    "skipped_hidden": "hidden folders",
    "skipped_venv": "virtual environments",
    "skipped_excluded": "excluded by the configuration",
    "unlisted": "Incomplete: folders that could not be listed ({0}), so no figure here includes the records in them:",
    "unreadable_amounts": (
        "Incomplete: amounts in counted records that could not be read ({0}), so no figure here includes them:"
    ),
    "incomplete": "incomplete",
    # the report
    "report_title": "EU-funded projects: funding report",
    "headline": "Headline figures",
    "charts": "Where the money came from",
    "records_title": "Records",
    "quality": "Data quality",
    "made": "Made by esfproj {0} on {1}; dates checked as of {2}.",
    "chart_source": "Funding by source",
    "chart_fund": "Funding by fund",
    "chart_year": "Funding by year (spread over each period in proportion to days)",
    "chart_status": "Funding by status",
    "no_findings": "No findings.",
    "acknowledged": "acknowledged",
    "findings_count": "Findings",
    "all_records": "Records",
    "no_funding": "No funding figures.",
    "back": "Back to the records",
    "failing": "failing check",
    "headline_eu_funds": "EU funds",
    "headline_state_budget": "State budget",
    "headline_municipality": "Municipalities",
    "headline_other": "Other",
    "headline_unspecified": "Source not given",
    # esfproj diff
    "diff_working_tree": "the working tree",
    "diff_heading": "{0} → {1}",
    "diff_nothing": "No record changed between {0} and {1}.",
    "diff_counts": "Records changed: {0}, added: {1}, removed: {2}, moved: {3}",
    "diff_total": "total {0} {3} → {1} {3} ({2} {3})",
    "diff_by_fund": "Totals by fund",
    "diff_by_source": "Totals by source",
    "diff_records": "Changed records",
    "diff_base": "Base",
    "diff_head": "Head",
    "diff_change": "Change",
    "diff_what": "What happened",
    "diff_added": "added",
    "diff_removed": "removed",
    "diff_changed": "changed",
    "diff_moved": "moved",
    "diff_moved_from": "moved from {0}",
    "diff_not_read": "not read",
    "diff_no_figures": "no figures",
    "diff_not_counted": "(not in the totals)",
    "diff_introduced": "Findings the change introduces: {0}",
    "diff_resolved": "Findings the change resolves: {0}",
    "diff_no_findings": "The change introduces and resolves no finding.",
    "diff_incomplete": (
        "Incomplete: these files could not be read as records, so the totals of their side leave out their money:"
    ),
    "diff_side_base": "base",
    "diff_side_head": "head",
}
ENGLISH.update(
    {
        value: value  # English shows the record's own values as they are written
        for value in (
            "planned",
            "in_progress",
            "completed",
            "suspended",
            "terminated",
            "unknown",
            "state_budget",
            "municipality",
            "private",
            "other",
            "unspecified",
            "unallocated",
            "eligible",
            "ineligible",
        )
    }
)
WORDS["en"] = ENGLISH


UNREAD_SENTENCES = (("file", "unread"), ("folder", "unlisted"), ("amount", "unreadable_amounts"))
"""Each kind of money left out (`Unread.kind`), and the sentence that names it."""


def word(key: str, lang: str = "en") -> str:
    """A heading, value or sentence in the language; unknown keys are shown as they are."""
    return WORDS.get(lang, ENGLISH).get(key, ENGLISH.get(key, key))


def money(value: Decimal, lang: str = "en") -> str:
    """`70 222.38` (en) or `70 222,38` (lv)."""
    return format_amount(value, group=True, lang=lang)


def number(value: Decimal, lang: str = "en") -> str:
    """A plain number as written (`85`, `12.5`), with the language's decimal mark."""
    text = format(value, "f")
    return lv_number(text) if lang == "lv" else text


def percent(value: Decimal, lang: str = "en") -> str:
    return number(value, lang) + " %"


def date_text(day: datetime.date, lang: str = "en") -> str:
    """`2026-11-22` (en), `22.11.2026.` (lv, as Latvian writes a date)."""
    return lv_date(day) if lang == "lv" else day.isoformat()


def period(start: object, end: object, lang: str = "en") -> str:
    """`2016-04-18..2023-12-31`, in Latvian `18.04.2016. - 31.12.2023.` (an en dash); an open end stays
    open (`2016-04-18..`); no start, nothing."""
    if not start:
        return ""
    if lang == "lv":
        return f"{lv_date(start)}\u2013{lv_date(end) if end else ''}"
    return f"{start}..{end or ''}"
