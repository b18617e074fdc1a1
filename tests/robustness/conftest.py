"""Guards for the robustness suite: no test may hang."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HANG_LIMIT = 60


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail a test that runs past HANG_LIMIT seconds instead of hanging CI (a guard, not a
    benchmark: every case here finishes in well under a second)."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {HANG_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
"""The prefix that runs a command as the ordinary user `nobody` (root ignores folder modes)."""


def skip_unless_nobody_runs_esfproj(cwd: Path) -> None:
    """Skip, saying why, unless these tests run as root with setpriv, and `nobody` can run
    this Python with esfproj: a checkout in a folder only root may enter (`mktemp -d`)
    cannot be imported by `nobody`, and every run as `nobody` would fail alike, proving
    nothing."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run the commands as an ordinary user (nobody)")
    probe = subprocess.run([*NOBODY, sys.executable, "-c", "import esfproj"], cwd=cwd, capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"nobody cannot run this Python with esfproj: {probe.stderr.decode(errors='replace').strip()}")
