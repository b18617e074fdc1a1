"""What one record file contributes, from its bytes (engine.file_facts): the unit the editor's
server, `esfproj diff` and the cache share. Checked file by file and put together, it gives
exactly what `esfproj validate` gives."""

from __future__ import annotations

from pathlib import Path

from esfproj.checks import Context
from esfproj.config import Config
from esfproj.engine import content_digest, cross_record_findings, file_facts, validate
from esfproj.model import FINDING_ORDER
from tests.conftest import AS_OF, VALID, brief, write


def _facts_findings(files: list[Path]) -> list[tuple[str, str, int, int, str]]:
    config = Config()
    context = Context(as_of=AS_OF, tolerance=config.sum_tolerance)
    facts = [file_facts(str(f), f.read_bytes(), config, context) for f in files]
    cross = cross_record_findings(facts, config)
    found = [x for f in facts for x in f.findings] + [x for v in cross.values() for x in v]
    return brief(sorted(found, key=FINDING_ORDER))


def test_file_by_file_equals_validate(tmp_path: Path) -> None:
    files = [
        write(tmp_path, VALID, "a.yaml"),
        write(tmp_path, VALID.replace("amount: 85.00", "amount: 86.00"), "b.yaml"),  # a duplicate, a wrong sum
        write(tmp_path, VALID + "acknowledged:\n  - check: duplicate-record\n    note: known\n", "c.yaml"),
        write(tmp_path, "title: [unclosed\n", "d.yaml"),
    ]
    expected = brief(validate([str(tmp_path)], Config(), AS_OF).findings)
    assert _facts_findings(sorted(files)) == expected
    assert ("duplicate-record", "error", 2, 17, "project_number") in expected
    assert ("funding-sum", "error", 15, 11, "funding") in expected


def test_the_key_is_the_content(tmp_path: Path) -> None:
    config = Config()
    context = Context(as_of=AS_OF, tolerance=config.sum_tolerance)
    one = file_facts("x/a.yaml", VALID.encode(), config, context)
    moved = file_facts("y/b.yaml", VALID.encode(), config, context)
    assert one.digest == content_digest(VALID.encode()) == moved.digest
    assert one.key is not None and one.key.number == "9.2.1.1/15/I/001" and one.unread is None
    broken = file_facts("c.yaml", b"\xff\xfe", config, context)
    assert broken.record is None and broken.unread is not None and broken.unread.check == "yaml-encoding"
