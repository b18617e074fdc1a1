"""Ctrl-C where it would leave something behind: held back for a moment (a temporary file
that nothing would remove yet, worker processes being started), and left to the parent
process, which alone reports it (one line, exit 130)."""

from __future__ import annotations

import signal
import threading

Mask = set[int | signal.Signals] | None
"""The signal mask before `hold`; None where signals cannot be held (Windows, a thread)."""


def hold() -> Mask:
    """Hold back SIGINT: it is delivered, as KeyboardInterrupt, at `release`."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def release(mask: Mask) -> None:
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def leave_to_parent() -> None:
    """In a worker process: ignore Ctrl-C (the terminal sends it to every process of the
    command); the parent stops the pool and reports it. A SIGINT held back since the fork
    is discarded."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
