"""The step duration histogram: new step rows folded into running totals on each scrape.

Workers run on other hosts than the web server that answers the scrape, so an
in-process prometheus histogram would see nothing. The step rows are the record, and
aggregating all of them on every scrape would grow with the table; so each scrape adds
only the rows written since the last one (an id range: the primary key index) to
totals in the database. Cost: 3-6 small statements per scrape, whatever the table's size.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, Sum
from django.utils import timezone
from prometheus_client.utils import floatToGoString

from engine.models import ProcessStep, StepStatus
from monitoring.models import StepDurationCursor, StepDurationTotal

# Upper bounds in seconds: steps range from a few ms (database only) to minutes (NetBox, devices).
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
# Rows whose duration is a step body's work; suspend/awaiting rows only mark a pause.
TIMED_STATUSES = [StepStatus.SUCCESS, StepStatus.FAILED, StepStatus.WAITING, StepStatus.COMPLETE]


def fold_new_steps(now=None) -> int:
    """Add the step rows written since the last fold to the totals; returns how many."""
    now = now or timezone.now()
    settle = timedelta(seconds=settings.METRICS_STEP_SETTLE_SECONDS)
    with transaction.atomic():
        # Two scrapes at once: one folds, the other just reads the totals.
        cursor = StepDurationCursor.objects.select_for_update(skip_locked=True).filter(pk=1).first()
        if cursor is None:  # the very first scrape, or another scrape is folding right now
            cursor, created = StepDurationCursor.objects.get_or_create(pk=1)
            if not created:
                return 0
        newest = ProcessStep.objects.aggregate(newest=Max("id"))["newest"] or 0
        if not settle:
            up_to = newest
        elif cursor.horizon_seen_at and now - cursor.horizon_seen_at >= settle:
            up_to = cursor.horizon
        else:
            up_to = cursor.counted_up_to
        folded = _add_to_totals(cursor.counted_up_to, up_to) if up_to > cursor.counted_up_to else 0
        cursor.counted_up_to = max(cursor.counted_up_to, up_to)
        if cursor.horizon_seen_at is None or now - cursor.horizon_seen_at >= settle:
            cursor.horizon, cursor.horizon_seen_at = newest, now
        cursor.save()
    return folded


def _add_to_totals(after_id: int, up_to_id: int) -> int:
    duration = ExpressionWrapper(F("completed_at") - F("started_at"), output_field=DurationField())
    per_bucket = {
        f"le{i}": Count("id", filter=Q(duration__lte=timedelta(seconds=bound)))
        for i, bound in enumerate(BUCKETS)
    }
    rows = (
        ProcessStep.objects.filter(id__gt=after_id, id__lte=up_to_id, status__in=TIMED_STATUSES)
        .annotate(duration=duration)
        .values("process__workflow__key", "status")
        .annotate(count=Count("id"), total=Sum("duration"), **per_bucket)
    )
    totals = {(t.workflow, t.step_status): t for t in StepDurationTotal.objects.select_for_update()}
    new, changed, folded = [], [], 0
    for row in rows:
        key = (row["process__workflow__key"], row["status"])
        total = totals.get(key)
        if total is None:
            total = StepDurationTotal(
                workflow=key[0], step_status=key[1], bucket_counts=[0] * (len(BUCKETS) + 1)
            )
            new.append(total)
        else:
            changed.append(total)
        # The per-bucket counts are annotations named at run time (per_bucket): not in row's type.
        bucket_counts: Mapping[str, Any] = row
        cumulative = [bucket_counts[f"le{i}"] for i in range(len(BUCKETS))] + [row["count"]]
        per_bound = [c - (cumulative[i - 1] if i else 0) for i, c in enumerate(cumulative)]
        total.bucket_counts = [a + b for a, b in zip(total.bucket_counts, per_bound, strict=True)]
        total.count += row["count"]
        total.sum_seconds += max(row["total"] or timedelta(0), timedelta(0)).total_seconds()
        folded += row["count"]
    # One statement each, however many workflows had steps since the last scrape.
    StepDurationTotal.objects.bulk_create(new)
    StepDurationTotal.objects.bulk_update(changed, ["bucket_counts", "count", "sum_seconds"])
    return folded


def histograms() -> list[tuple[str, str, list[tuple[str, int]], float]]:
    """(workflow, step status, cumulative buckets [(le, count)], sum) per total, for the exporter."""
    result = []
    for total in StepDurationTotal.objects.order_by("workflow", "step_status"):
        running, buckets = 0, []
        for bound, count in zip([*map(floatToGoString, BUCKETS), "+Inf"], total.bucket_counts, strict=True):
            running += count
            buckets.append((bound, running))
        result.append((total.workflow, total.step_status, buckets, total.sum_seconds))
    return result
