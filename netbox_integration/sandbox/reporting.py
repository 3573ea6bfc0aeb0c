"""Progress lines for whoever drives the sandbox (the management command prints them)."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Reporter = Callable[[str], None]


def silent(_line: str) -> None:
    """A reporter for callers that only want the result (test fixtures)."""


@contextmanager
def timed(report: Reporter, what: str) -> Iterator[None]:
    """Report how long a phase took: the README quotes these cold/warm figures."""
    started = time.monotonic()
    yield
    report(f"{what}: {time.monotonic() - started:.1f} s")
