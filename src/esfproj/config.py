"""`esfproj.toml`, or `[tool.esfproj]` in `pyproject.toml`, found from the current directory up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from esfproj.checks import ALL
from esfproj.errors import ConfigError
from esfproj.loader import Limits
from esfproj.model import Severity
from esfproj.text import os_reason

DEFAULT_PATHS = ("data/projects",)
MAX_NUMBER_DIGITS = 1000
"""Numbers longer than this are text, whatever the configuration says: exact arithmetic on
them would be slow, and Python refuses to convert integers of over 4 300 digits."""
CACHE_FOLDER = ".esfproj_cache"
CACHE_VARIABLE = "ESFPROJ_CACHE_DIR"
LIMIT_RANGES = {
    "max_file_bytes": 1_073_741_824,  # 1 GiB: far past any record, and what a machine can hold
    "max_depth": 1000,  # libyaml's own limit: deeper is never read
    "max_nodes": 10_000_000,  # about a gigabyte of values held
    "max_number_digits": MAX_NUMBER_DIGITS,
}
"""The largest value of each limit (the smallest is 1): checked when the configuration is read,
so that no limit asks the machine for more than it has."""
LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "off": None}


class Config(NamedTuple):
    root: str = "."
    file: str | None = None
    paths: tuple[str, ...] = DEFAULT_PATHS
    sum_tolerance: Decimal = Decimal(0)
    severities: Mapping[str, Severity | None] = {}  # never changed after parsing
    limits: Limits = Limits()
    cache: str | None = None
    """The cache folder (None: no cache)."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of folders and files a walk passes over (relative to `root`, or names)."""

    def data_paths(self) -> list[str]:
        """The configured paths, relative to the current directory where possible."""
        out = []
        for path in self.paths:
            full = os.path.normpath(os.path.join(self.root, path))
            relative = os.path.relpath(full)
            out.append(full if relative.startswith("..") else relative)
        return out


def find(start: str = ".") -> tuple[str, dict[str, Any]] | None:
    """The nearest configuration file at or above `start`, and its esfproj table."""
    directory = os.path.abspath(start)
    while True:
        own = os.path.join(directory, "esfproj.toml")
        if os.path.isfile(own):
            return own, _read(own)
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(pyproject):
            table = _read(pyproject).get("tool", {}).get("esfproj")
            if isinstance(table, dict):
                return pyproject, table
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _read(file: str) -> dict[str, Any]:
    import tomllib  # only when there is a configuration file

    not_utf8 = ConfigError(
        f"{file}: cannot be read: it is not UTF-8 (TOML files are UTF-8); save it as UTF-8",
        lv=f"{file}: nevar nolasīt: tas nav UTF-8 (TOML faili ir UTF-8); saglabājiet to kā UTF-8",
    )
    try:
        with open(file, "rb") as handle:
            raw = handle.read()
        if b"\0" in raw:  # UTF-16 without a byte-order mark decodes as UTF-8, with NULs
            raise not_utf8
        return tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise not_utf8 from None
    except (OSError, ValueError) as error:  # TOMLDecodeError, or an over-long integer
        why_lv = os_reason(error, "lv") if isinstance(error, OSError) else error
        raise ConfigError(f"{file}: cannot be read: {error}", lv=f"{file}: nevar nolasīt: {why_lv}") from error


def load(start: str = ".", file: str | None = None) -> Config:
    if file is not None:
        table = _read(file)
        if os.path.basename(file) == "pyproject.toml":
            table = table.get("tool", {}).get("esfproj", {})
        found: tuple[str, dict[str, Any]] | None = (file, table)
    else:
        found = find(start)
    if found is None:
        root = os.path.abspath(start)
        return Config(root=root, cache=_cache({}, root, ""))
    path, table = found
    return parse(table, path)


def parse(table: dict[str, Any], file: str) -> Config:
    known = {"paths", "exclude", "sum_tolerance", "checks", "limits", "cache"}
    for key in table:
        if key not in known:
            listed = ", ".join(sorted(known))
            raise ConfigError(
                f"{file}: unknown key '{key}' (known: {listed})",
                lv=f"{file}: nezināma atslēga '{key}' (zināmās: {listed})",
            )
    paths = table.get("paths", list(DEFAULT_PATHS))
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
        raise ConfigError(
            f"{file}: 'paths' must be a list of folder names", lv=f"{file}: 'paths' jābūt mapju nosaukumu sarakstam"
        )
    root = os.path.dirname(os.path.abspath(file))
    return Config(
        root=root,
        file=file,
        paths=tuple(paths),
        sum_tolerance=_tolerance(table.get("sum_tolerance", 0), file),
        severities=_severities(table.get("checks", {}), file),
        limits=_limits(table.get("limits", {}), file),
        exclude=_patterns(table.get("exclude", []), file),
        cache=_cache(table.get("cache", {}), root, file),
    )


def _patterns(value: Any, file: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(p, str) and p for p in value):
        raise ConfigError(
            f"{file}: 'exclude' must be a list of glob patterns, such as [\"drafts/*\"]",
            lv=f"{file}: 'exclude' jābūt glob šablonu sarakstam, piemēram, [\"drafts/*\"]",
        )
    return tuple(p.rstrip("/") for p in value)


def _cache(table: Any, root: str, file: str) -> str | None:
    """The cache folder: `.esfproj_cache` beside the configuration, `[cache] dir` (relative to
    the configuration's folder), or ESFPROJ_CACHE_DIR (relative to the current folder), which
    wins; None when `[cache] enabled = false`."""
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: 'cache' must be a table", lv=f"{file}: 'cache' jābūt tabulai")
    for key in table:
        if key not in ("enabled", "dir"):
            raise ConfigError(
                f"{file}: cache.{key}: unknown key (known: dir, enabled)",
                lv=f"{file}: cache.{key}: nezināma atslēga (zināmās: dir, enabled)",
            )
    enabled, folder = table.get("enabled", True), table.get("dir", CACHE_FOLDER)
    if not isinstance(enabled, bool):
        raise ConfigError(
            f"{file}: cache.enabled must be true or false", lv=f"{file}: cache.enabled jābūt true vai false"
        )
    if not isinstance(folder, str) or not folder:
        raise ConfigError(
            f"{file}: cache.dir must be the name of a folder", lv=f"{file}: cache.dir jābūt mapes nosaukumam"
        )
    if not enabled:
        return None
    return os.path.abspath(os.environ.get(CACHE_VARIABLE) or os.path.join(root, folder))


def _tolerance(value: Any, file: str) -> Decimal:
    try:
        tolerance = Decimal(str(value)) if not isinstance(value, bool) else None
    except InvalidOperation:
        tolerance = None
    if tolerance is None or not tolerance.is_finite() or tolerance < 0:
        raise ConfigError(
            f"{file}: 'sum_tolerance' must be a number of at least 0, such as 1.00; found {value!r}",
            lv=f"{file}: 'sum_tolerance' jābūt skaitlim, kas nav mazāks par 0, piemēram, 1.00; atrasts {value!r}",
        )
    return tolerance


def _severities(table: Any, file: str) -> dict[str, Severity | None]:
    if not isinstance(table, dict):
        raise ConfigError(
            f"{file}: 'checks' must be a table of check ids",
            lv=f"{file}: 'checks' jābūt pārbaužu identifikatoru tabulai",
        )
    out: dict[str, Severity | None] = {}
    for check, level in table.items():
        if check not in ALL:
            raise ConfigError(
                f"{file}: checks.{check}: no such check (esfproj checks lists them)",
                lv=f"{file}: checks.{check}: tādas pārbaudes nav (tās uzskaita esfproj checks)",
            )
        if level not in LEVELS:
            raise ConfigError(
                f"{file}: checks.{check} must be one of {', '.join(LEVELS)}; found {level!r}",
                lv=f"{file}: checks.{check} jābūt vienam no: {', '.join(LEVELS)}; atrasts {level!r}",
            )
        out[check] = LEVELS[level]
    return out


def _limits(table: Any, file: str) -> Limits:
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: 'limits' must be a table", lv=f"{file}: 'limits' jābūt tabulai")
    names = set(Limits._fields)
    values: dict[str, int] = {}
    for key, value in table.items():
        if key not in names:
            listed = ", ".join(sorted(names))
            raise ConfigError(
                f"{file}: limits.{key}: unknown limit (known: {listed})",
                lv=f"{file}: limits.{key}: nezināma robeža (zināmās: {listed})",
            )
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= LIMIT_RANGES[key]:
            found = repr(value) if isinstance(value, str) else value
            top = LIMIT_RANGES[key]
            raise ConfigError(
                f"{file}: limits.{key} must be a whole number from 1 to {top}; found {found}",
                lv=f"{file}: limits.{key} jābūt veselam skaitlim no 1 līdz {top}; atrasts {found}",
            )
        values[key] = value
    return Limits(**values)
