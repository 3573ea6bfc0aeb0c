"""The Prometheus exposition at /api/metrics, computed from the database on each scrape.

Everything is read from the database and the broker, not kept in the web process:
gunicorn runs several processes and workers run on other hosts, so in-process counters
would each see a fraction. One scrape costs about a dozen small queries, whatever the
number of subscriptions, processes or step rows (each count is one GROUP BY; the step
histogram folds in only the rows written since the previous scrape).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily

from engine.queue import queue_status
from monitoring import step_durations

logger = logging.getLogger(__name__)

# A schedule this late means no qcluster is running the scheduler.
SCHEDULE_OVERDUE_AFTER = timedelta(minutes=5)


def subscriptions() -> GaugeMetricFamily:
    from subscriptions.models import Subscription

    family = GaugeMetricFamily(
        "nrenorch_subscriptions",
        "Subscriptions by product, status and in-sync",
        labels=["product", "status", "insync"],
    )
    rows = (
        Subscription.objects.values_list("product__name", "status", "insync")
        .annotate(n=Count("id"))
        .order_by()
    )
    for product, status, insync, n in rows:
        family.add_metric([product, status, str(insync).lower()], n)
    return family


def processes() -> GaugeMetricFamily:
    from engine.models import Process

    family = GaugeMetricFamily(
        "nrenorch_processes",
        "Processes (tasks included) by workflow and status",
        labels=["workflow", "status"],
    )
    for workflow, status, n in (
        Process.objects.values_list("workflow__key", "status").annotate(n=Count("id")).order_by()
    ):
        family.add_metric([workflow, status], n)
    return family


def step_duration() -> HistogramMetricFamily:
    step_durations.fold_new_steps()
    family = HistogramMetricFamily(
        "nrenorch_step_duration_seconds",
        "Duration of executed steps (step body and its transaction), by workflow and outcome",
        labels=["workflow", "status"],
    )
    for workflow, status, buckets, total in step_durations.histograms():
        family.add_metric([workflow, status], buckets, total)
    return family


def queue() -> list[GaugeMetricFamily]:
    status = queue_status()
    depth = GaugeMetricFamily(
        "nrenorch_queue_depth", "Tasks waiting in the django-q2 queue", labels=["broker"]
    )
    depth.add_metric([status.broker], status.depth)
    age = GaugeMetricFamily(
        "nrenorch_queue_oldest_task_age_seconds",
        "How long the oldest waiting task has been in the queue (0 when empty)",
        labels=["broker"],
    )
    age.add_metric([status.broker], status.oldest_age_seconds)
    families = [depth, age]
    if status.in_progress is not None:
        held = GaugeMetricFamily(
            "nrenorch_queue_tasks_in_progress",
            "Tasks a worker has taken and not yet finished",
            labels=["broker"],
        )
        held.add_metric([status.broker], status.in_progress)
        families.append(held)
    return families


def engine() -> list[GaugeMetricFamily]:
    from django_q.models import Schedule

    from engine.models import EngineSettings, ProcessLease, ProcessStatus

    now = timezone.now()
    paused = EngineSettings.objects.filter(pk=1, paused=True).exists()
    leases = ProcessLease.objects.aggregate(
        busy=Count("pk", filter=Q(expires_at__gt=now)),
        stuck=Count("pk", filter=Q(expires_at__lte=now, process__status=ProcessStatus.RUNNING)),
    )
    overdue = Schedule.objects.filter(next_run__lt=now - SCHEDULE_OVERDUE_AFTER).exclude(repeats=0).count()
    return [
        GaugeMetricFamily(
            "nrenorch_engine_paused", "1 while the engine is paused (no new steps start)", value=int(paused)
        ),
        GaugeMetricFamily(
            "nrenorch_engine_busy_workers",
            "Processes a live worker holds a lease on right now",
            value=leases["busy"],
        ),
        GaugeMetricFamily(
            "nrenorch_engine_stuck_processes",
            "Running processes whose worker's lease expired (the recovery schedule picks them up)",
            value=leases["stuck"],
        ),
        GaugeMetricFamily(
            "nrenorch_engine_overdue_schedules",
            "Schedules more than 5 minutes late: no qcluster is running the scheduler",
            value=overdue,
        ),
    ]


# Each part is exported on its own: a broken broker must not hide the subscription counts.
PARTS = {
    "subscriptions": subscriptions,
    "processes": processes,
    "step_duration": step_duration,
    "queue": queue,
    "engine": engine,
}


class DatabaseCollector:
    def collect(self):
        started = time.perf_counter()
        failed = []
        for name, part in PARTS.items():
            try:
                result = part()
            except Exception:  # noqa: BLE001 - reported as a metric and in the log, the rest still exported
                logger.exception(
                    "metrics: computing %s failed", name, extra={"event": "metrics.failed", "part": name}
                )
                failed.append(name)
                continue
            yield from result if isinstance(result, list) else [result]
        errors = GaugeMetricFamily(
            "nrenorch_metrics_errors",
            "1 for each part of the metrics that could not be computed",
            labels=["part"],
        )
        for name in PARTS:
            errors.add_metric([name], int(name in failed))
        yield errors
        info = GaugeMetricFamily("nrenorch_build_info", "The running code version", labels=["version"])
        info.add_metric([settings.CODE_VERSION], 1)
        yield info
        yield GaugeMetricFamily(
            "nrenorch_metrics_scrape_seconds",
            "Time spent computing these metrics",
            value=time.perf_counter() - started,
        )


def exposition() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector())
    return generate_latest(registry)
