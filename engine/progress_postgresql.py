"""The runner's reads and writes of a process on PostgreSQL, in as few round trips as possible.

A step's transaction costs three round trips, whatever the step body adds:

1. BEGIN (sent by the driver before the first statement);
2. `lock`: one statement locks the process row and reads where it stands, who holds its
   lease and whether the engine is paused;
3. `save`: one statement inserts the step's row and updates the process (and, after the
   last step of a run, frees the lease); when the step's transaction is the outermost one,
   the COMMIT travels in the same message. PostgreSQL runs a message's statements in
   order and stops at the first error, so the step, its row and the new state still
   commit together or not at all; the driver then sees no open transaction and Django's
   own commit at the end of the `atomic` block has nothing left to send.

The statements are written here once, from the models' metadata, instead of being built
by the ORM for every step: building them cost more CPU than the database spent on them.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any, cast

from django.db import connection, models

from engine.lease import EXPIRED
from engine.models import EngineSettings, Process, ProcessLease, ProcessStep
from engine.progress_protocol import PROGRESS_FIELDS, Standing

if TYPE_CHECKING:
    from engine.progress_protocol import LockedProcess

STEP_FIELDS = [
    "process",
    "name",
    "group",
    "position",
    "status",
    "state",
    "error",
    "traceback",
    "started_at",
    "completed_at",
    "triggered_by",
    "code_version",
    "retry_count",
]
JSON_FIELDS = {"state"}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _q_column(field: models.Field) -> str:
    """A concrete field's column, quoted (every concrete field has one)."""
    if not field.column:
        raise TypeError(f"{field} has no column")
    return _q(field.column)


def _column(model, field: str) -> str:
    return _q(model._meta.get_field(field).column)


def _placeholder(field: str) -> str:
    return "%s::jsonb" if field in JSON_FIELDS else "%s"


@functools.cache
def _lock_sql() -> str:
    process, lease, settings = (_q(m._meta.db_table) for m in (Process, ProcessLease, EngineSettings))
    return (
        f"SELECT p.{_column(Process, 'status')}, p.{_column(Process, 'position')}, "
        f"p.{_column(Process, 'last_modified_at')}, l.{_column(ProcessLease, 'owner')}, "
        f"(SELECT e.{_column(EngineSettings, 'paused')} FROM {settings} e WHERE e.id = 1) "
        f"FROM {process} p LEFT JOIN {lease} l ON l.{_column(ProcessLease, 'process')} = p.id "
        "WHERE p.id = %s FOR UPDATE OF p"
    )


def lock(process_id) -> Standing | None:
    """Lock the process row (until the transaction ends) and read where it stands; None if it is gone."""
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(), [process_id])
        row = cursor.fetchone()
    if row is None:
        return None
    status, position, last_modified_at, owner, paused = row
    return Standing(status, position, last_modified_at, owner, bool(paused))


@functools.cache
def _insert_step_sql() -> str:
    table = _q(ProcessStep._meta.db_table)
    columns = ", ".join(_column(ProcessStep, f) for f in STEP_FIELDS)
    values = ", ".join(_placeholder(f) for f in STEP_FIELDS)
    return f"INSERT INTO {table} ({columns}) VALUES ({values})"


@functools.cache
def _update_process_sql() -> str:
    assignments = ", ".join(f"{_column(Process, f)} = {_placeholder(f)}" for f in PROGRESS_FIELDS)
    return f"UPDATE {_q(Process._meta.db_table)} SET {assignments} WHERE id = %s"


@functools.cache
def _release_lease_sql() -> str:
    return (
        f"UPDATE {_q(ProcessLease._meta.db_table)} SET {_column(ProcessLease, 'owner')} = '', "
        f"{_column(ProcessLease, 'expires_at')} = %s "
        f"WHERE {_column(ProcessLease, 'process')} = %s AND {_column(ProcessLease, 'owner')} = %s"
    )


def outermost(atomic) -> bool:
    """Whether `atomic` began the transaction, so a write may carry the COMMIT. Not so in
    tests that wrap everything in a transaction of their own, nor with server-side binding
    (`OPTIONS["server_side_binding"]`), whose statements cannot be sent several at once."""
    return (
        connection.atomic_blocks == [atomic]
        and connection.commit_on_exit
        and not connection.savepoint_ids
        and not connection.settings_dict.get("OPTIONS", {}).get("server_side_binding")
    )


def _plain(value):
    """Enum members (statuses) as their plain string values, for the driver."""
    return getattr(value, "value", value) if isinstance(value, str) else value


def save(
    process: Process, row: ProcessStep | None, *, owner: str, release: bool = False, commit: bool = False
) -> None:
    """Write the step's new row (if `row` is unsaved) and the process's progress in one statement.

    `release`: also free the lease, if `owner` still holds it. The lease is not checked
    otherwise: the row lock `lock` took already keeps a second worker from writing this step.
    `commit`: end the transaction in the same message (only for the outermost transaction).
    The process's `last_modified_at` is set here, in memory and in the row.
    """
    from django.utils import timezone

    process.last_modified_at = timezone.now()
    state = json.dumps(process.state)
    parts: list[str] = []
    params: list[Any] = []
    if row is not None and row.pk is None:
        row_state = state if row.state is process.state else json.dumps(row.state)
        values = {"process": process.pk, "state": row_state}
        parts.append(f"step AS ({_insert_step_sql()})")
        params += [_plain(values[f]) if f in values else _plain(getattr(row, f)) for f in STEP_FIELDS]
    if release:
        parts.append(f"lease AS ({_release_lease_sql()})")
        params += [EXPIRED, process.pk, owner]
    values = {"state": state}
    params += [_plain(values[f]) if f in values else _plain(getattr(process, f)) for f in PROGRESS_FIELDS]
    params.append(process.pk)
    sql = (f"WITH {', '.join(parts)} " if parts else "") + _update_process_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql + "; COMMIT" if commit else sql, params)


# --- Starting a process ---------------------------------------------------------------------


def _insert_parts(model, exclude: tuple[str, ...] = ()) -> tuple[list, str]:
    fields = [f for f in model._meta.concrete_fields if f.name not in exclude]
    return fields, ", ".join(_q(f.column) for f in fields)


def _typed(field) -> str:
    """A placeholder with the column's type: in INSERT … SELECT, PostgreSQL types bare literals as text."""
    return f"%s::{field.cast_db_type(connection)}"


def _db_values(instance, fields) -> list:
    """Column values as Django would insert them (defaults, auto_now, JSON adaptation)."""
    return [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]


@functools.cache
def _insert_process_sql() -> tuple[str, list, list, list]:
    from engine.models import ProcessInput, Workflow

    process_fields, process_columns = _insert_parts(Process)
    selected = ", ".join(
        f"w.{_q_column(Workflow._meta.pk)}" if f.name == "workflow" else _typed(f) for f in process_fields
    )
    lease_fields, lease_columns = _insert_parts(ProcessLease)
    input_fields, input_columns = _insert_parts(ProcessInput, exclude=("id",))
    lease_values = ", ".join(map(_typed, lease_fields))
    input_values = ", ".join(map(_typed, input_fields))
    sql = (
        f"WITH p AS (INSERT INTO {_q(Process._meta.db_table)} ({process_columns}) SELECT {selected} "
        f"FROM {_q(Workflow._meta.db_table)} w WHERE w.{_column(Workflow, 'key')} = %s "
        f"RETURNING {_column(Process, 'workflow')}), "
        f"lease AS (INSERT INTO {_q(ProcessLease._meta.db_table)} ({lease_columns}) SELECT {lease_values} "
        "FROM p), "
        f"input AS (INSERT INTO {_q(ProcessInput._meta.db_table)} ({input_columns}) SELECT {input_values} "
        "FROM p) "
        "SELECT * FROM p"
    )
    return sql, [f for f in process_fields if f.name != "workflow"], lease_fields, input_fields


def insert_process(
    process: Process, workflow_key: str, lease_row: ProcessLease, input_row, *, commit: bool = False
) -> bool:
    """Insert a new process with its lease and its input in one statement, taking the
    workflow's row id from the Workflow table by key. False (nothing written) when that
    row does not exist. `commit`: end the transaction in the same message."""
    sql, process_fields, lease_fields, input_fields = _insert_process_sql()
    params = [
        *_db_values(process, process_fields),
        workflow_key,
        *_db_values(lease_row, lease_fields),
        *_db_values(input_row, input_fields),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql + "; COMMIT" if commit else sql, params)
        row = cursor.fetchone()  # the first statement's result: the new row's workflow id
    if row is None:
        return False
    process.workflow_id = row[0]
    for instance in (process, lease_row, input_row):
        instance._state.adding, instance._state.db = False, connection.alias
    return True


# --- Reading the whole process (the first step of a run, or after someone else wrote it) -----


@functools.cache
def _lock_whole_sql() -> str:
    from engine.models import Workflow

    process, lease, settings, workflow = (
        _q(m._meta.db_table) for m in (Process, ProcessLease, EngineSettings, Workflow)
    )
    columns = [f"p.{_q_column(f)}" for f in Process._meta.concrete_fields]
    columns += [f"w.{_q_column(f)} AS {_q('workflow__' + f.attname)}" for f in Workflow._meta.concrete_fields]
    return (
        f"SELECT {', '.join(columns)}, l.{_column(ProcessLease, 'owner')} AS lease_owner, "
        f"(SELECT e.{_column(EngineSettings, 'paused')} FROM {settings} e WHERE e.id = 1) AS engine_paused "
        f"FROM {process} p JOIN {workflow} w ON w.id = p.{_column(Process, 'workflow')} "
        f"LEFT JOIN {lease} l ON l.{_column(ProcessLease, 'process')} = p.id "
        "WHERE p.id = %s FOR UPDATE OF p"
    )


def lock_whole(process_id) -> LockedProcess | None:
    """Lock the process row and read all of it, with its workflow, `lease_owner` and
    `engine_paused`, in one query written once (the ORM rebuilt it for every run)."""
    from engine.models import Workflow

    # The query selects `lease_owner` and `engine_paused` as columns: Django sets them on the process.
    found = cast(list["LockedProcess"], list(Process.objects.raw(_lock_whole_sql(), [process_id])))
    if not found:
        return None
    process = found[0]
    prefix = "workflow__"
    names = [f.attname for f in Workflow._meta.concrete_fields]
    values = [process.__dict__.pop(prefix + name) for name in names]
    process.workflow = Workflow.from_db(connection.alias, names, values)
    process.engine_paused = bool(process.engine_paused)
    return process
