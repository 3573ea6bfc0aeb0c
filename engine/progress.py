"""The runner's reads and writes of a process: one interface, two ways to write it.

Both keep the runner's guarantee: a step's effects, its row, the process's new state and
position commit together in one transaction, behind the lease.

- `progress_postgresql`: statements written once, so that a step costs three round trips
  (BEGIN; lock; one write that carries the COMMIT). PostgreSQL only (`FOR UPDATE OF`,
  `::jsonb`, `INSERT` inside `WITH`, several statements in one message).
- `progress_portable`: the ORM, for SQLite (the embedded default) and any other database.
  A few more statements per step, and the step's write is refused when the worker no
  longer holds the lease.

The way is chosen once, by the database's vendor, at first use: the callers never ask.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from engine.models import Process, ProcessInput, ProcessLease, ProcessStep
    from engine.progress_protocol import LockedProcess

from engine.progress_protocol import PROGRESS_FIELDS, LeaseLost, ProgressWriter, Standing  # noqa: F401  (the interface)


@functools.cache
def writer() -> ProgressWriter:
    """The way of writing for this database, chosen on first use."""
    if connection.vendor == "postgresql":
        from engine import progress_postgresql

        return progress_postgresql
    from engine import progress_portable

    return progress_portable


def lock(process_id) -> Standing | None:
    """Lock the process (until the transaction ends) and read where it stands; None if it is gone."""
    return writer().lock(process_id)


def lock_whole(process_id) -> LockedProcess | None:
    """Lock the process and read all of it, with its workflow, `lease_owner` and `engine_paused`."""
    return writer().lock_whole(process_id)


def save(
    process: Process, row: ProcessStep | None, *, owner: str, release: bool = False, commit: bool = False
) -> None:
    """Write the step's new row (if `row` is unsaved) and the process's progress; `release`:
    also free `owner`'s lease. `commit`: the write may end the transaction (see `outermost`).
    The portable way raises LeaseLost when `owner` no longer holds the lease."""
    writer().save(process, row, owner=owner, release=release, commit=commit)


def insert_process(
    process: Process,
    workflow_key: str,
    lease_row: ProcessLease,
    input_row: ProcessInput,
    *,
    commit: bool = False,
) -> bool:
    """Insert a new process with its lease and its input, the workflow found by key; False
    (nothing written) when the Workflow table has no row for that key."""
    return writer().insert_process(process, workflow_key, lease_row, input_row, commit=commit)


def outermost(atomic) -> bool:
    """Whether a write inside `atomic` may carry the COMMIT itself (only ever on PostgreSQL)."""
    return writer().outermost(atomic)
