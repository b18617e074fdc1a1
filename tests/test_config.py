"""Configuration: esfproj.toml or [tool.esfproj], found upwards; mistakes name the key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from esfproj.config import load
from esfproj.errors import ConfigError
from esfproj.loader import Limits
from esfproj.model import Severity


def test_defaults_without_a_configuration(tmp_path: Path) -> None:
    config = load(str(tmp_path))
    assert config.paths == ("data/projects",) and config.sum_tolerance == 0
    assert config.limits == Limits()


def test_esfproj_toml_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    (tmp_path / "esfproj.toml").write_text(
        'paths = ["records"]\nsum_tolerance = 1.00\n[checks]\nstatus-dates = "off"\n'
        '"number-format" = "error"\n[limits]\nmax_depth = 20\n'
    )
    (tmp_path / "sub").mkdir()
    config = load(str(tmp_path / "sub"))
    assert config.paths == ("records",)
    assert config.sum_tolerance == Decimal("1.00")
    assert config.severities == {"status-dates": None, "number-format": Severity.ERROR}
    assert config.limits.max_depth == 20


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.esfproj]\nsum_tolerance = 2\n')
    assert load(str(tmp_path)).sum_tolerance == 2


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("sum_tolrance = 1\n", "sum_tolrance"),
        ("sum_tolerance = -1\n", "sum_tolerance"),
        ('[checks]\nno-such-check = "off"\n', "no-such-check"),
        ('[checks]\nschema = "fatal"\n', "checks.schema"),
        ("[limits]\nmax_depth = 0\n", "limits.max_depth"),
        ('paths = "data"\n', "paths"),
        ("paths = [\n", "cannot be read"),
    ],
)
def test_bad_configuration_names_the_key(tmp_path: Path, text: str, key: str) -> None:
    (tmp_path / "esfproj.toml").write_text(text)
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load(str(tmp_path))


@pytest.mark.parametrize("before", [True, False], ids=["before the command", "after the command"])
def test_config_is_accepted_before_or_after_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: bool
) -> None:
    from typer.testing import CliRunner

    from esfproj.cli import app
    from tests.conftest import VALID, write

    write(tmp_path, VALID.replace("amount: 15.00", "amount: 16.00"), "records/rec.yaml")
    config = tmp_path / "settings.toml"
    config.write_text('paths = ["records"]\n[checks]\nfunding-sum = "off"\nfunding-rate = "off"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["--config", str(config), "validate"] if before else ["validate", "--config", str(config)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("1 record in 1 file: 0 errors, 0 warnings, 0 infos, 0 acknowledged\n")


def test_every_limit_has_its_range() -> None:
    from esfproj.config import LIMIT_RANGES

    assert list(LIMIT_RANGES) == list(Limits._fields)
    assert all(getattr(Limits(), name) <= largest for name, largest in LIMIT_RANGES.items())
