"""The engine's housekeeping: recover processes of dead workers, retry waiting ones, time out
callbacks, clean up old tasks. Plain functions: schedules call them directly (cheap, every
minute), and the built-in tasks wrap them for operators."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from engine import events
from engine.actors import RECOVERY
from engine.dispatch import enqueue
from engine.errors import EngineError
from engine.models import EngineSettings, Process, ProcessStatus, StepStatus
from engine.queue import queue_status
from engine.recording import record_step
from engine.steps import Step, StepKind

logger = logging.getLogger(__name__)
S = ProcessStatus


def recover_stuck_processes() -> dict:
    """Hand processes whose worker died to a new worker, from their last committed step.

    A running process whose lease expired lost its worker; a created/resumed one that no
    worker took within a lease period lost its queue message (the Redis broker drops the
    task of a killed worker). A process that killed its worker too often is failed
    instead, so one poisonous step cannot take workers down forever.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.ENGINE_LEASE_SECONDS)
    report = {"recovered": 0, "requeued": 0, "failed": 0}
    if EngineSettings.get().paused:
        return report
    for process_id in Process.objects.filter(status=S.RUNNING, lease__expires_at__lt=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            process = Process.objects.select_for_update().get(pk=process_id)
            if process.status != S.RUNNING or process.lease.expires_at >= timezone.now():
                continue  # a worker took it meanwhile
            if process.recovery_count >= settings.ENGINE_MAX_RECOVERIES:
                step = Step(
                    name=process.plan[process.position] if process.position < len(process.plan) else "?",
                    kind=StepKind.STEP,
                )
                process.triggered_by = f"recovery by {RECOVERY.get_username()}"
                record_step(
                    process,
                    step,
                    StepStatus.FAILED,
                    process.state,
                    now,
                    error=(
                        f"The worker running this step died {process.recovery_count + 1} times; "
                        "not recovering again. Check the worker logs (out of memory?), then retry."
                    ),
                )
                process.fail()
                process.save()
                report["failed"] += 1
                continue
            process.recovery_count += 1
            process.triggered_by = f"recovery by {RECOVERY.get_username()}"
            # Queued again: until a worker takes it, it is no longer a running process with a dead
            # worker, so the next recovery runs do not count it again while it waits in a backlog.
            process.resume()
            process.save(update_fields=["status", "recovery_count", "triggered_by", "last_modified_at"])
            enqueue(process.pk)
            events.emit(
                "process.recovered", process, level=logging.WARNING, recovery_count=process.recovery_count
            )
            report["recovered"] += 1
    lost = Process.objects.filter(
        status__in=[S.CREATED, S.RESUMED],
        last_modified_at__lt=_lost_before(now, stale),
        lease__expires_at__lt=now,
    )
    for process_id in lost.values_list("pk", flat=True):
        # Queued now: the next runs compare it with the queue from here (no pile-up of copies).
        Process.objects.filter(pk=process_id).update(last_modified_at=timezone.now())
        enqueue(process_id)
        events.emit("process.requeued", process_id, level=logging.WARNING)
        report["requeued"] += 1
    if any(report.values()):
        logger.warning("recovered processes: %s", report)
    return report


def _lost_before(now, stale):
    """Queued before this and not started: the queue message is lost.

    Under load a process may wait in the queue longer than a lease; its message is then
    still there, and queueing it again would only pile up duplicates (harmless, each finds
    the process taken, but a backlog would grow with every recovery run). The queue is
    first in, first out: a process queued before the oldest message still waiting has
    had its message taken by a worker, and if it is still not running, that worker died.
    """
    try:
        waiting = queue_status()
    except Exception:  # noqa: BLE001 - the broker is unreachable: fall back to the lease period
        logger.warning("could not read the queue; requeueing by lease age only", exc_info=True)
        return stale
    if not waiting.depth:
        return stale
    return min(stale, now - timedelta(seconds=waiting.oldest_age_seconds + 1))


def resume_waiting_processes() -> dict:
    """Retry processes waiting after a retry step, and tasks whose API was unavailable."""
    from engine.actors import SCHEDULER
    from engine.operations import retry_process

    report = {"retried": 0, "refused": 0}
    candidates = Process.objects.filter(
        Q(status=S.WAITING) | Q(status=S.API_UNAVAILABLE, is_task=True)
    ).values_list("pk", "position")
    for process_id, position in candidates:
        if Process.objects.filter(parent_id=process_id, parent_position=position).exists():
            continue  # waiting for its child processes, not for a retry
        try:
            retry_process(process_id, actor=SCHEDULER)
            report["retried"] += 1
        except EngineError as exc:
            logger.info("not retrying %s: %s", process_id, exc)
            report["refused"] += 1
    return report


def fail_expired_callbacks() -> dict:
    """Fail processes whose callback did not come in time (retry waits again)."""
    failed = 0
    now = timezone.now()
    for process_id in Process.objects.filter(
        status=S.AWAITING_CALLBACK, callback_deadline__lt=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            process = Process.objects.select_for_update().get(pk=process_id)
            deadline = process.callback_deadline
            if process.status != S.AWAITING_CALLBACK or deadline is None or deadline >= now:
                continue
            step = Step(name=process.plan[process.position], kind=StepKind.AWAIT_CALLBACK)
            process.triggered_by = "callback timeout by engine"
            record_step(
                process,
                step,
                StepStatus.FAILED,
                process.state,
                now,
                error=f"No callback arrived before {deadline.isoformat()}; retry to wait again",
            )
            process.callback_deadline = None
            process.fail()
            process.save()
            failed += 1
    return {"timed_out": failed}


def clean_up_old_tasks(days: int | None = None) -> dict:
    """Delete completed task processes older than `days` (default: the retention setting)."""
    days = settings.ENGINE_TASK_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    old = Process.objects.filter(is_task=True, status=S.COMPLETED, last_modified_at__lt=cutoff, parent=None)
    deleted = old.count()
    old.delete()
    return {"deleted": deleted, "older_than_days": days}
