"""Fields every log record made inside a block carries (process id, step, user...).

Kept here, free of Django imports, because the logging configuration loads the
formatter (monitoring.logs) before the apps are ready; the engine sets the fields
(engine.events) and the formatter reads them.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

# The default is never mutated: log_context() sets a new dict and reset() puts the old one back.
_context: contextvars.ContextVar[dict] = contextvars.ContextVar(
    "common.log_context",
    default={},  # noqa: B039
)


@contextlib.contextmanager
def log_context(**fields) -> Iterator[None]:
    """Add fields to every log record made inside the block (nested blocks add to them)."""
    token = _context.set({**_context.get(), **{k: v for k, v in fields.items() if v not in (None, "")}})
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> dict:
    return _context.get()
