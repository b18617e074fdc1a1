"""Every error esfproj reports to the user: one hierarchy, mapped to exit code 2 in one place
(`command.guarded`). Anything else that escapes a command is a bug (exit 3)."""

from __future__ import annotations


class EsfprojError(Exception):
    """A mistake in what the user asked for: exit 2, with this message."""

    exit_code = 2

    def __init__(self, message: str, *, lv: str | None = None) -> None:
        super().__init__(message)
        self.lv = lv
        """The message in Latvian, said under `--lang lv`."""

    def text(self, lang: str = "en") -> str:
        return self.lv if lang == "lv" and self.lv is not None else str(self)


class UsageError(EsfprojError):
    """A command-line mistake."""


class ConfigError(EsfprojError):
    """A configuration that cannot be used; the message names the file and the key."""


class OutputError(EsfprojError):
    """The output cannot be written where asked."""


class Cancelled(EsfprojError):
    """The user ended the input at a prompt (Ctrl-D): nothing was done, exit 1."""

    exit_code = 1
