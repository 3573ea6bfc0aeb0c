"""Mirror the code's workflows (and the engine's schedules) into the database on migrate."""

from datetime import datetime
from typing import Any

from croniter import croniter
from django.conf import settings
from django.utils import timezone

from engine.hooks import sync_workflow_row
from engine.workflow import all_workflows


def sync_workflows() -> dict:
    """Create or update a Workflow row per declared workflow; mark the ones the code dropped.

    Idempotent. Removed workflows are marked, not deleted, so their processes stay readable.
    """
    from engine.models import Workflow

    declared = all_workflows()
    report: dict[str, list[str]] = {"created": [], "updated": [], "removed": [], "restored": []}
    existing = {w.key: w for w in Workflow.objects.prefetch_related("products")}
    for key, definition in declared.items():
        values = {
            "description": definition.description,
            "target": definition.target.value,
            "is_task": definition.is_task,
        }
        row = existing.get(key)
        if row is None:
            row = Workflow.objects.create(key=key, **values)
            sync_workflow_row(row, definition)
            report["created"].append(key)
            continue
        changed: dict[str, Any] = {k: v for k, v in values.items() if getattr(row, k) != v}
        if row.removed_at is not None:
            changed["removed_at"] = None
            report["restored"].append(key)
        if changed:
            Workflow.objects.filter(pk=row.pk).update(**changed)
        if sync_workflow_row(row, definition) or changed:
            report["updated"].append(key)
    for key, row in existing.items():
        if key not in declared and row.removed_at is None:
            Workflow.objects.filter(pk=row.pk).update(removed_at=timezone.now())
            report["removed"].append(key)
    return report


# The engine's housekeeping on django-q2 schedules: (function, minutes between runs, or a
# cron expression for a time of day).
ENGINE_SCHEDULES = {
    "Recover processes whose worker died": ("engine.maintenance.recover_stuck_processes", 1),
    "Time out stale callbacks": ("engine.maintenance.fail_expired_callbacks", 1),
    "Resume waiting processes": ("engine.maintenance.resume_waiting_processes", 30),
    "Clean up old tasks": ("engine.maintenance.clean_up_old_tasks", 24 * 60),
}
# Schedules that point at engine functions which lived elsewhere before: existing rows are
# moved to the new path on migrate (their timing, as an operator may have set it, is kept).
MOVED_SCHEDULE_FUNCS = {
    f"workflows.engine.maintenance.{name}": f"engine.maintenance.{name}"
    for name in [
        "recover_stuck_processes",
        "fail_expired_callbacks",
        "resume_waiting_processes",
        "clean_up_old_tasks",
    ]
}


def declared_schedules() -> dict:
    """The engine's schedules and the project's (the SCHEDULES setting: name -> (function,
    minutes or cron)), e.g. the nightly validation of all subscriptions."""
    return {**ENGINE_SCHEDULES, **getattr(settings, "SCHEDULES", {})}


def sync_schedules() -> None:
    """Create the declared schedules if missing; an operator's later edits are kept. A
    schedule whose function moved is pointed at its new path."""
    from django_q.models import Schedule

    for old, new in MOVED_SCHEDULE_FUNCS.items():
        Schedule.objects.filter(func=old).update(func=new)
    for name, (func, every) in declared_schedules().items():
        if isinstance(every, str):  # a time of day: the first run is the next one, not right after migrate
            when = {
                "schedule_type": Schedule.CRON,
                "cron": every,
                "next_run": croniter(every, timezone.localtime()).get_next(datetime),
            }
        else:
            when = {"schedule_type": Schedule.MINUTES, "minutes": every}
        Schedule.objects.get_or_create(name=name, defaults={"func": func, "repeats": -1, **when})


def sync_after_migrate(**kwargs):
    from engine.permissions import sync_workflow_permissions

    sync_workflows()
    sync_schedules()
    sync_workflow_permissions()
