"""Named hostile inputs: each gets its finding or exit code, never a crash or a hang."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from tests.conftest import VALID, findings_of, write


def checks_of(path: Path) -> list[str]:
    return sorted({f.check for f in findings_of([path]) if f.severity.value == "error"})


def billion_laughs(folder: Path) -> Path:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    return write(folder, "\n".join(lines) + "\n")


def nested(folder: Path) -> Path:
    return write(folder, "title: " + "[" * 10_000 + "]" * 10_000 + "\n")


def nested_mappings(folder: Path) -> Path:
    return write(folder, "".join("  " * i + f"k{i}:\n" for i in range(5_000)))


def big(folder: Path) -> Path:
    path = folder / "big.yaml"
    with open(path, "wb") as handle:
        handle.write(b"title: " + b"x" * (50 * 1024 * 1024) + b"\n")
    return path


def python_tag(folder: Path) -> Path:
    return write(
        folder,
        VALID.replace(
            "title: Profesionāla", "title: !!python/object/apply:os.system ['touch /tmp/x']\nx: Profesionāla"
        ),
    )


def binary(folder: Path) -> Path:
    path = folder / "binary.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    return path


def utf16(folder: Path) -> Path:
    path = folder / "utf16.yaml"
    path.write_bytes(VALID.encode("utf-16"))
    return path


def nul(folder: Path) -> Path:
    path = folder / "nul.yaml"
    path.write_bytes(VALID.encode() + b"notes: a\x00b\n")
    return path


def broken_link(folder: Path) -> Path:
    path = folder / "broken.yaml"
    path.symlink_to(folder / "nowhere.yaml")
    return path


def link_loop(folder: Path) -> Path:
    path = folder / "loop.yaml"
    path.symlink_to(path)
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (billion_laughs, ["yaml-limits"]),
        (lambda f: write(f, "a: &a [*a]\n"), ["yaml-limits"]),
        (lambda f: write(f, "a: &a {b: *a}\n"), ["yaml-limits"]),
        (nested, ["yaml-limits"]),
        (nested_mappings, ["yaml-limits"]),
        (big, ["yaml-limits"]),
        (python_tag, ["schema", "yaml-structure"]),
        (lambda f: write(f, VALID.replace("amount: 100.00", "amount: .inf")), ["schema"]),
        (lambda f: write(f, VALID.replace("amount: 85.00", "amount: .nan")), ["schema"]),
        (lambda f: write(f, VALID.replace("amount: 100.00", "amount: " + "9" * 300)), ["schema"]),
        # text to YAML 1.1 readers, infinity to YAML 1.2 readers: both findings, no expansion
        (lambda f: write(f, VALID.replace("amount: 100.00", "amount: 1e999999999")), ["schema", "yaml-portability"]),
        (binary, ["yaml-encoding"]),
        (utf16, ["yaml-encoding"]),
        (nul, ["yaml-syntax"]),
        (broken_link, ["file-read"]),
        (link_loop, ["file-read"]),
    ],
)
def test_hostile_file_gets_its_finding(tmp_path: Path, make: Callable[[Path], Path], expected: list[str]) -> None:
    assert checks_of(make(tmp_path)) == expected


def test_a_200_000_character_line_is_just_text(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("title: Profesionāla", "title: " + "ā" * 200_000))
    assert findings_of([path]) == []


def test_utf8_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert findings_of([path]) == []


def test_a_huge_number_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("amount: 100.00", "amount: " + "9" * 300))
    (finding,) = findings_of([path])
    assert finding.message.render(True) == (
        "expected a number, found a number 300 digits long: numbers are read up to 30 digits "
        "and exponents up to 30 (limits.max_number_digits)"
    )


def test_an_unreadable_file_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, VALID)

    real_open = os.open

    def denied(file: str, *args: Any, **kwargs: Any) -> int:
        if file == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    (finding,) = findings_of([path])
    assert (finding.check, finding.line, finding.column) == ("file-read", 1, 1)
    assert finding.message.render(True) == "cannot read the file: Permission denied"


def test_a_folder_named_like_a_record_is_searched_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.yaml"
    write(folder, VALID, "inside.yaml")
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout.endswith("1 record in 1 file: 0 errors, 0 warnings, 0 infos, 0 acknowledged\n")


def test_folder_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    write(tmp_path, VALID)
    os.symlink(tmp_path, tmp_path / "again")
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 0 and "1 record in 1 file" in result.stdout


def test_a_path_that_does_not_exist_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "no such file or directory" in result.stderr


def test_every_hostile_file_in_one_run(tmp_path: Path) -> None:
    for make in (billion_laughs, nested, binary, utf16, nul, broken_link, link_loop, big):
        folder = tmp_path / make.__name__
        folder.mkdir()
        make(folder)
    write(tmp_path, VALID, "good.yaml")
    result = CliRunner().invoke(app, ["validate", str(tmp_path), "--quiet"])
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    files = {line.split(":")[0] for line in result.stdout.splitlines()}
    assert len(files) == 8
