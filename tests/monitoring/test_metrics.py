"""/api/metrics: what it counts, that it counts it right, and that it stays cheap."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_q.models import OrmQ, Schedule
from django_q.tasks import async_task
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.utils import floatToGoString

from engine import operations as ops
from engine.models import Process, ProcessLease, ProcessStep
from monitoring import metrics as metrics_module
from monitoring import step_durations
from monitoring.models import StepDurationTotal
from tests.actors import TESTS, person
from tests.testproducts import factories

pytestmark = pytest.mark.django_db


def scrape(client, **headers) -> dict:
    """{(name, frozenset(labels)): value} of every sample in /api/metrics."""
    response = client.get("/api/metrics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())))


def run_processes(inline_engine, count: int, key: str = "task_effects") -> list[Process]:
    processes = [
        ops.start_process(key, [{"sleep_seconds": 0}], actor=person("metrics")) for _ in range(count)
    ]
    inline_engine.drain()
    return processes


def test_subscriptions_are_counted_by_product_status_and_insync(client):
    factories.router("active")
    factories.router("active")
    out_of_sync = factories.router("active")
    out_of_sync.insync = False
    out_of_sync.save()
    factories.router("provisioning")
    samples = scrape(client)
    product = "test router A"
    assert value(samples, "nrenorch_subscriptions", product=product, status="active", insync="true") == 2
    assert value(samples, "nrenorch_subscriptions", product=product, status="active", insync="false") == 1
    assert (
        value(samples, "nrenorch_subscriptions", product=product, status="provisioning", insync="true") == 1
    )


def test_processes_are_counted_by_workflow_and_status(client, inline_engine, effects_table):
    run_processes(inline_engine, 3)
    ops.start_process("task_suspend", [], actor=TESTS)
    inline_engine.drain()
    ops.start_process("task_fail_until_fixed", [], actor=TESTS)
    inline_engine.drain()
    samples = scrape(client)
    assert value(samples, "nrenorch_processes", workflow="task_effects", status="completed") == 3
    assert value(samples, "nrenorch_processes", workflow="task_suspend", status="suspended") == 1
    assert value(samples, "nrenorch_processes", workflow="task_fail_until_fixed", status="failed") == 1


def test_step_durations_are_a_cumulative_histogram_counted_once(
    client, inline_engine, effects_table, settings
):
    settings.METRICS_STEP_SETTLE_SECONDS = 0
    processes = run_processes(inline_engine, 4)
    executed = ProcessStep.objects.filter(process__in=processes, status__in=["success", "complete"]).count()
    assert executed == 4 * 5
    samples = scrape(client)
    labels = {"workflow": "task_effects", "status": "success"}
    count = value(samples, "nrenorch_step_duration_seconds_count", **labels)
    assert count == 4 * 4  # Start and the three effects; Done is counted as "complete"
    assert (
        value(samples, "nrenorch_step_duration_seconds_count", workflow="task_effects", status="complete")
        == 4
    )
    buckets = [
        value(samples, "nrenorch_step_duration_seconds_bucket", le=floatToGoString(b), **labels)
        for b in step_durations.BUCKETS
    ]
    assert buckets == sorted(buckets), "buckets are cumulative"
    assert value(samples, "nrenorch_step_duration_seconds_bucket", le="+Inf", **labels) == count
    assert value(samples, "nrenorch_step_duration_seconds_sum", **labels) > 0

    # A second scrape adds nothing; deleting old processes takes nothing away (a counter).
    Process.objects.filter(pk__in=[p.pk for p in processes]).delete()
    assert value(scrape(client), "nrenorch_step_duration_seconds_count", **labels) == count
    run_processes(inline_engine, 1)
    assert value(scrape(client), "nrenorch_step_duration_seconds_count", **labels) == count + 4


def test_step_rows_are_counted_only_once_they_have_settled(inline_engine, effects_table, settings):
    settings.METRICS_STEP_SETTLE_SECONDS = 10
    run_processes(inline_engine, 2)
    now = timezone.now()
    assert step_durations.fold_new_steps(now) == 0  # sees the newest id: the horizon
    assert step_durations.fold_new_steps(now + timedelta(seconds=5)) == 0  # not settled yet
    run_processes(inline_engine, 1)  # written after the horizon: waits for the next one
    assert step_durations.fold_new_steps(now + timedelta(seconds=11)) == 2 * 5
    assert step_durations.fold_new_steps(now + timedelta(seconds=22)) == 1 * 5
    assert sum(t.count for t in StepDurationTotal.objects.all()) == 3 * 5


def test_queue_depth_and_oldest_age_with_the_orm_broker(client):
    for _ in range(3):
        async_task("math.floor", 1.5, save=False)
    oldest = OrmQ.objects.order_by("id").first()
    OrmQ.objects.filter(pk=oldest.pk).update(lock=timezone.now() - timedelta(seconds=120))
    held = OrmQ.objects.order_by("id").last()
    OrmQ.objects.filter(pk=held.pk).update(lock=timezone.now() + timedelta(seconds=600))  # a worker has it
    samples = scrape(client)
    assert value(samples, "nrenorch_queue_depth", broker="orm") == 2
    assert value(samples, "nrenorch_queue_tasks_in_progress", broker="orm") == 1
    assert 119 < value(samples, "nrenorch_queue_oldest_task_age_seconds", broker="orm") < 180


def test_engine_status(client, inline_engine, effects_table):
    assert value(scrape(client), "nrenorch_engine_paused") == 0
    ops.pause_engine(actor=person("ops"))
    samples = scrape(client)
    assert value(samples, "nrenorch_engine_paused") == 1
    ops.resume_engine(actor=person("ops"))

    stuck = ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    Process.objects.filter(pk=stuck.pk).update(status="running")  # its worker died mid-step
    busy = ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    ProcessLease.objects.filter(pk=busy.pk).update(
        owner="w", expires_at=timezone.now() + timedelta(seconds=60)
    )
    # Schedules made on migrate fall due minutes into a long test session: only this one is late.
    Schedule.objects.update(next_run=timezone.now() + timedelta(minutes=30))
    Schedule.objects.filter(name="Recover processes whose worker died").update(
        next_run=timezone.now() - timedelta(minutes=30)
    )
    samples = scrape(client)
    assert value(samples, "nrenorch_engine_stuck_processes") == 1
    assert value(samples, "nrenorch_engine_busy_workers") == 1
    assert value(samples, "nrenorch_engine_overdue_schedules") == 1


def test_the_query_count_does_not_grow_with_the_data(client, inline_engine, effects_table, settings):
    settings.METRICS_STEP_SETTLE_SECONDS = 0
    factories.router("active")
    ops.start_process("task_suspend", [], actor=TESTS)
    run_processes(inline_engine, 1)
    scrape(client)
    run_processes(inline_engine, 1)
    with CaptureQueriesContext(connection) as few:
        scrape(client)
    for status in ("active", "provisioning", "terminated"):
        for _ in range(5):
            factories.router(status)
    run_processes(inline_engine, 10)
    for _ in range(5):
        ops.start_process("task_suspend", [], actor=TESTS)
    inline_engine.drain()
    with CaptureQueriesContext(connection) as many:
        scrape(client)
    assert len(many.captured_queries) == len(few.captured_queries)
    # BEGIN and COMMIT included
    assert len(many.captured_queries) <= 15, [q["sql"] for q in many.captured_queries]


def test_a_failing_part_is_reported_and_the_rest_still_exported(client, monkeypatch):
    def broken():
        raise ConnectionError("redis is down")

    monkeypatch.setitem(metrics_module.PARTS, "queue", broken)
    factories.router("active")
    samples = scrape(client)
    assert value(samples, "nrenorch_metrics_errors", part="queue") == 1
    assert value(samples, "nrenorch_metrics_errors", part="subscriptions") == 0
    assert (
        value(samples, "nrenorch_subscriptions", product="test router A", status="active", insync="true") == 1
    )
    assert value(samples, "nrenorch_queue_depth", broker="orm") is None


def test_a_metrics_token_is_required_when_configured(client, settings):
    settings.METRICS_TOKEN = "s3cret"
    refused = client.get("/api/metrics")
    assert refused.status_code == 401 and "METRICS_TOKEN" in refused.json()["detail"]
    assert client.get("/api/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert value(scrape(client, HTTP_AUTHORIZATION="Bearer s3cret"), "nrenorch_engine_paused") == 0


def test_only_get_is_allowed(client):
    assert client.post("/api/metrics").status_code == 405
