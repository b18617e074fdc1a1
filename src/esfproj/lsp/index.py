"""The server's workspace index: what every record file contributes (`engine.FileFacts`),
the files on disk and the open buffers alike, by path; checked again only when a file's
bytes change (the digest is the content's key)."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Iterable

from esfproj.checks import Context
from esfproj.checks.dataset import RecordKey
from esfproj.config import Config
from esfproj.discovery import Exclude, discover, is_record_name
from esfproj.engine import FileFacts, content_digest, cross_record_findings, file_facts
from esfproj.model import FINDING_ORDER, Finding
from esfproj.money import allow_digits
from esfproj.record import record_id

MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=\S*project\.schema\.json\s*$")
"""The first line `esfproj new` and `esfproj import` write."""
SCHEMA_VERSION = re.compile(r"^schema_version[ \t]*:", re.MULTILINE)


class Index:
    """Path -> FileFacts for the records of one workspace.

    Paths are absolute; each record is checked under its name relative to the workspace
    root, as `esfproj validate` run there names it, so that messages which name another
    file read the same.
    """

    def __init__(self, root: str, config: Config) -> None:
        self.root = os.path.abspath(root)
        self.config = config
        self.facts: dict[str, FileFacts] = {}
        self.by_number: dict[str, set[str]] = {}
        self.by_id: dict[str, set[str]] = {}
        self.days: dict[str, datetime.date] = {}
        """The day each file was checked on (`status-dates` depends on it)."""
        allow_digits(config.limits.max_number_digits)

    def folders(self) -> list[str]:
        """The configured data folders, absolute."""
        return [os.path.normpath(os.path.join(self.config.root, p)) for p in self.config.paths]

    def name(self, path: str) -> str:
        relative = os.path.relpath(path, self.root)
        return path if relative.startswith("..") else relative

    def in_folders(self, path: str) -> bool:
        return any(path.startswith(folder + os.sep) for folder in self.folders())

    def is_record(self, path: str, text: str) -> bool:
        """A YAML file under a data folder, or one that says it is a record (the modeline on
        its first line, or `schema_version` at the top level); a CI workflow is not."""
        if not is_record_name(os.path.basename(path)):
            return False
        if self.in_folders(path):
            return True
        first = text.split("\n", 1)[0].removeprefix("\ufeff")
        return MODELINE.match(first) is not None or SCHEMA_VERSION.search(text) is not None

    def context(self) -> Context:
        """`status-dates` is checked as of today."""
        return Context(as_of=datetime.date.today(), tolerance=self.config.sum_tolerance)

    def check(self, path: str, raw: bytes) -> FileFacts:
        """The facts of `raw` under `path`: the ones kept when the bytes and the day are the same."""
        kept = self.facts.get(path)
        today = datetime.date.today()
        if (
            kept is not None
            and kept.text is not None
            and kept.digest == content_digest(raw)
            and self.days.get(path) == today
        ):
            return kept
        self.days[path] = today
        return file_facts(self.name(path), raw, self.config, self.context())

    def put(self, path: str, facts: FileFacts) -> None:
        self.drop(path)
        self.facts[path] = facts
        if facts.key is not None and facts.key.number is not None:
            self.by_number.setdefault(facts.key.number, set()).add(path)
        self.by_id.setdefault(record_id(path), set()).add(path)

    def drop(self, path: str) -> None:
        old = self.facts.pop(path, None)
        if old is None:
            return
        if old.key is not None and old.key.number is not None:
            self.by_number.get(old.key.number, set()).discard(path)
        self.by_id.get(record_id(path), set()).discard(path)

    def read_disk(self, path: str) -> FileFacts | None:
        """A file on disk, checked, as the index keeps a record that is not open: its digest,
        findings and cross-record key, without its text and record (read again when needed,
        so that 10 000 records take little memory); None when it cannot be opened or is no
        record."""
        try:
            with open(path, "rb") as handle:
                raw = handle.read(self.config.limits.max_file_bytes + 1)
        except OSError:
            return None
        if not self.is_record(path, raw.decode("utf-8", "replace")):
            return None
        return self.check(path, raw)._replace(text=None, record=None)

    def scan(self, progress: Callable[[int, int], None] | None = None) -> dict[str, FileFacts]:
        """Every record file under the data folders, checked (run away from the event loop)."""
        folders = [f for f in self.folders() if os.path.isdir(f)]
        files = discover(folders, Exclude(self.config.exclude, self.config.root)).files if folders else []
        found: dict[str, FileFacts] = {}
        for done, path in enumerate(files, start=1):
            facts = self.read_disk(path)
            if facts is not None:
                found[path] = facts
            if progress is not None:
                progress(done, len(files))
        return found

    def related(self, paths: Iterable[str]) -> list[FileFacts]:
        """The records whose cross-record findings can touch those of `paths`: the ones that
        share a project number or an id with one of them."""
        near: set[str] = set()
        for path in paths:
            facts = self.facts.get(path)
            if facts is None:
                continue
            if facts.key is not None and facts.key.number is not None:
                near |= self.by_number.get(facts.key.number, set())
            near |= self.by_id.get(record_id(path), set())
            near.add(path)
        return [self.facts[p] for p in near if p in self.facts]

    def findings(self, paths: Iterable[str]) -> dict[str, list[Finding]]:
        """Every finding of each of `paths` as `validate` gives it: its own and the
        cross-record ones against the whole workspace, in validate's order."""
        paths = [p for p in paths if p in self.facts]
        cross = cross_record_findings(self.related(paths), self.config)
        return {
            path: sorted([*self.facts[path].findings, *cross.get(self.facts[path].file, [])], key=FINDING_ORDER)
            for path in paths
        }

    def keys_of(self, number: str) -> list[RecordKey]:
        """What the workspace holds of every record of a project number, in file order."""
        keys = (self.facts[p].key for p in self.by_number.get(number, ()))
        return sorted((k for k in keys if k is not None), key=lambda k: k.file)

    def text_of(self, path: str) -> str | None:
        """A record's text: the open buffer's, or else the file's."""
        facts = self.facts.get(path)
        if facts is not None and facts.text is not None:
            return facts.text
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read(self.config.limits.max_file_bytes)
        except (OSError, UnicodeDecodeError):
            return None
