"""Mirror the code's workflows (and the engine's schedules) into the database on migrate."""

from datetime import datetime

from croniter import croniter
from django.conf import settings
from django.utils import timezone

from workflows.engine.workflow import all_workflows


def sync_workflows() -> dict:
    """Create or update a Workflow row per declared workflow; mark the ones the code dropped.

    Idempotent. Removed workflows are marked, not deleted, so their processes stay readable.
    """
    from workflows.models import Workflow

    declared = all_workflows()
    report = {"created": [], "updated": [], "removed": [], "restored": []}
    existing = {w.key: w for w in Workflow.objects.prefetch_related("products")}
    for key, definition in declared.items():
        values = {"description": definition.description, "target": definition.target.value,
                  "is_task": definition.is_task}  # fmt: skip
        row = existing.get(key)
        if row is None:
            row = Workflow.objects.create(key=key, **values)
            sync_offered_products(row, definition)
            report["created"].append(key)
            continue
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        if row.removed_at is not None:
            changed["removed_at"] = None
            report["restored"].append(key)
        if changed:
            Workflow.objects.filter(pk=row.pk).update(**changed)
        if sync_offered_products(row, definition) or changed:
            report["updated"].append(key)
    for key, row in existing.items():
        if key not in declared and row.removed_at is None:
            Workflow.objects.filter(pk=row.pk).update(removed_at=timezone.now())
            report["removed"].append(key)
    return report


def sync_offered_products(row, definition) -> bool:
    """Point the Workflow row at the products the code offers it for; True if that changed."""
    from products.models import Product
    from workflows.engine.gating import offered_product_names

    names = offered_product_names(definition)
    products = Product.objects.filter(in_code=True) if names is None else Product.objects.filter(name__in=names)
    wanted = set(products.values_list("pk", flat=True))
    if wanted == {p.pk for p in row.products.all()}:
        return False
    row.products.set(wanted)
    return True


# The engine's housekeeping on django-q2 schedules: (function, minutes between runs, or a
# cron expression for a time of day).
ENGINE_SCHEDULES = {
    "Recover processes whose worker died": ("workflows.engine.maintenance.recover_stuck_processes", 1),
    "Time out stale callbacks": ("workflows.engine.maintenance.fail_expired_callbacks", 1),
    "Resume waiting processes": ("workflows.engine.maintenance.resume_waiting_processes", 30),
    "Clean up old tasks": ("workflows.engine.maintenance.clean_up_old_tasks", 24 * 60),
    "Validate all subscriptions": ("workflows.tasks.validate_subscriptions.start_nightly_validation",
                                   settings.ENGINE_VALIDATE_ALL_CRON),
}


def sync_schedules() -> None:
    """Create the engine's schedules if missing; an operator's later edits are kept."""
    from django_q.models import Schedule

    for name, (func, every) in ENGINE_SCHEDULES.items():
        if isinstance(every, str):  # a time of day: the first run is the next one, not right after migrate
            when = {"schedule_type": Schedule.CRON, "cron": every,
                    "next_run": croniter(every, timezone.localtime()).get_next(datetime)}  # fmt: skip
        else:
            when = {"schedule_type": Schedule.MINUTES, "minutes": every}
        Schedule.objects.get_or_create(name=name, defaults={"func": func, "repeats": -1, **when})


def sync_after_migrate(**kwargs):
    from workflows.permissions import sync_workflow_permissions

    sync_workflows()
    sync_schedules()
    sync_workflow_permissions()
