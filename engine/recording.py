"""Writing the audit trail: one ProcessStep row per executed step, and the process's new state."""

from __future__ import annotations

import logging
import traceback as tb
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from engine import events
from engine.errors import AbortWorkflow, InconsistentData
from engine.models import Process, ProcessStep, StepStatus
from engine.steps import Step, StepKind


def record_step(
    process: Process,
    step: Step,
    status: str,
    state: dict,
    started_at,
    *,
    error: str = "",
    traceback: str = "",
    advance: bool = False,
    write: bool = True,
) -> ProcessStep:
    """Store the step's row and the process's new state; the caller saves the process.

    write=False: the new row is returned unsaved, for the caller to insert together with
    the process (the runner does; on PostgreSQL in one statement: see `progress.save`)."""
    now = timezone.now()
    previous = _last_step_row(process) if error else None
    if previous and previous.name == step.name and previous.status == status and previous.error == error:
        # The same failure again (a retry that changed nothing): count it, don't repeat it.
        previous.retry_count += 1
        previous.completed_at = now
        previous.traceback = traceback
        previous.triggered_by = process.triggered_by
        previous.save(update_fields=["retry_count", "completed_at", "traceback", "triggered_by"])
        row = previous
    else:
        row = ProcessStep(
            process=process,
            name=step.name,
            group=step.group or "",
            position=process.position,
            status=status,
            state=state if not error else {},
            error=error,
            traceback=traceback,
            started_at=started_at,
            completed_at=now,
            triggered_by=process.triggered_by,
            code_version=settings.CODE_VERSION,
        )
        if write:
            row.save(force_insert=True)
    process.last_step = step.name
    if not error:
        process.state = state
        process.failed_reason = ""
        process.traceback = ""
    else:
        process.failed_reason = error
        process.traceback = traceback
    if advance:
        process.position += 1
    events.emit(
        "step",
        process,
        step.name,
        level=logging.WARNING if error else logging.INFO,
        step_status=status,
        duration_ms=round((now - started_at).total_seconds() * 1000, 1),
        retry_count=row.retry_count,
        **({"error": error} if error else {}),
    )
    return row


def _last_step_row(process: Process) -> ProcessStep | None:
    return ProcessStep.objects.filter(process=process).order_by("-id").first()


@lru_cache(maxsize=1)
def _api_unavailable_types() -> tuple[type, ...]:
    types = []
    for path in settings.ENGINE_API_UNAVAILABLE_EXCEPTIONS:
        try:
            types.append(import_string(path))
        except ImportError:
            continue
    return tuple(types)


def is_api_unavailable(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:  # NetBox errors often wrap the connection error
        if isinstance(seen, _api_unavailable_types()):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def describe(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}" if not isinstance(exc, AbortWorkflow) else text


def record_failure(process: Process, step: Step, exc: BaseException, started_at) -> None:
    """Record a failed step and move the process to the status that fits the error."""
    error = describe(exc)
    trace = "".join(tb.format_exception(exc))
    if isinstance(exc, AbortWorkflow):
        record_step(process, step, StepStatus.ABORT, process.state, started_at, error=error, traceback=trace)
        process.abort()
        return
    status = StepStatus.WAITING if step.kind == StepKind.RETRY else StepStatus.FAILED
    record_step(process, step, status, process.state, started_at, error=error, traceback=trace)
    if is_api_unavailable(exc) and process.is_task:
        process.api_unavailable()
    elif isinstance(exc, InconsistentData):
        process.inconsistent_data()
    elif step.kind == StepKind.RETRY:
        process.wait()
    else:
        process.fail()
