"""The output formats and languages the commands accept (kept light: read at every start)."""

from __future__ import annotations

from enum import Enum


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


class Colour(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Lang(str, Enum):
    en = "en"
    lv = "lv"


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
