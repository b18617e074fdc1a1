"""Guards for the robustness suite: no test may hang."""

from __future__ import annotations

import signal
from collections.abc import Iterator

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
