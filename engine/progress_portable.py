"""The runner's reads and writes of a process through the ORM, on any database Django supports.

This is the way of SQLite, the embedded default (`progress_postgresql` is PostgreSQL's).
It keeps the same guarantees with standard SQL:

- One step, one transaction: the caller's `atomic` block holds the step body's effects,
  the step row and the process's update, and Django commits or rolls back all of them.
- Locking: on SQLite a transaction takes the database's write lock when it begins
  (`transaction_mode: IMMEDIATE` in the settings), so a second worker's step transaction
  waits for the first to commit and then reads the new position. On a database with row
  locks, `select_for_update` takes the same lock as the PostgreSQL way.
- The lease guards the write: the process is updated only while the worker still holds
  its lease (one conditional UPDATE, its row count checked). A worker whose lease was
  taken over raises LeaseLost, which rolls back the step's effects and row, so a stale
  worker cannot record a step that another worker runs too, even where nothing is locked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone

from engine.lease import EXPIRED
from engine.models import EngineSettings, Process, ProcessInput, ProcessLease, ProcessStep, Workflow
from engine.progress_protocol import PROGRESS_FIELDS, LeaseLost, Standing

if TYPE_CHECKING:
    from engine.progress_protocol import LockedProcess


def _locked(process_id):
    """The process's row, locked where the database locks rows, with the lease holder and the pause flag."""
    paused = Subquery(EngineSettings.objects.filter(pk=1).values("paused")[:1])
    return (
        Process.objects.select_for_update(of=("self",))
        .filter(pk=process_id)
        .annotate(lease_owner=F("lease__owner"), engine_paused=paused)
    )


def lock(process_id) -> Standing | None:
    columns = ("status", "position", "last_modified_at", "lease_owner", "engine_paused")
    found = _locked(process_id).values_list(*columns).first()
    if found is None:
        return None
    status, position, last_modified_at, owner, paused = found
    return Standing(status, position, last_modified_at, owner, bool(paused))


def lock_whole(process_id) -> LockedProcess | None:
    process = _locked(process_id).select_related("workflow").first()
    if process is not None:
        process.engine_paused = bool(process.engine_paused)
    return process


def save(
    process: Process, row: ProcessStep | None, *, owner: str, release: bool = False, commit: bool = False
) -> None:
    """Update the process if `owner` holds its lease (else LeaseLost), then insert the step's
    row and, with `release`, free the lease. `commit` is not for this way: Django commits."""
    process.last_modified_at = timezone.now()
    held = ProcessLease.objects.filter(process=OuterRef("pk"), owner=owner)
    values = {field: getattr(process, field) for field in PROGRESS_FIELDS}
    if not Process.objects.filter(pk=process.pk).filter(Exists(held)).update(**values):
        raise LeaseLost(
            f"process {process.pk}: worker {owner} no longer holds the lease; its step is not written"
        )
    if row is not None and row.pk is None:
        row.save(force_insert=True)
    if release:
        ProcessLease.objects.filter(process_id=process.pk, owner=owner).update(owner="", expires_at=EXPIRED)


def insert_process(
    process: Process,
    workflow_key: str,
    lease_row: ProcessLease,
    input_row: ProcessInput,
    *,
    commit: bool = False,
) -> bool:
    workflow_id = Workflow.objects.filter(key=workflow_key).values_list("pk", flat=True).first()
    if workflow_id is None:
        return False
    process.workflow_id = workflow_id
    for instance in (process, lease_row, input_row):
        instance.save(force_insert=True)
    return True


def outermost(atomic) -> bool:
    """Never: a statement here does not end the transaction; Django's `atomic` does."""
    return False
