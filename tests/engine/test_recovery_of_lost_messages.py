"""Recovery requeues a process whose queue message is lost, not one still waiting its turn."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import OrmQ
from django_q.tasks import async_task

from engine import operations as ops
from engine.maintenance import recover_stuck_processes
from engine.models import Process
from tests.actors import TESTS, person

pytestmark = pytest.mark.django_db


def queued_seconds_ago(process, seconds: float) -> None:
    """The process was set running-again `seconds` ago (and no worker took it since)."""
    Process.objects.filter(pk=process.pk).update(last_modified_at=timezone.now() - timedelta(seconds=seconds))


def queue_message_seconds_ago(seconds: float) -> None:
    async_task("math.floor", 1.5, save=False)
    OrmQ.objects.filter(pk=OrmQ.objects.order_by("-id").first().pk).update(
        lock=timezone.now() - timedelta(seconds=seconds)
    )


@pytest.fixture
def queued_process(inline_engine):
    process = ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    inline_engine.queued.clear()  # as if the message went to a broker
    return process


def test_a_process_whose_message_is_still_in_a_long_queue_is_left_waiting(
    queued_process, inline_engine, settings
):
    queue_message_seconds_ago(settings.ENGINE_LEASE_SECONDS * 3)  # a backlog three leases long
    queued_seconds_ago(queued_process, settings.ENGINE_LEASE_SECONDS * 2)
    assert recover_stuck_processes()["requeued"] == 0
    assert inline_engine.queued == []


def test_a_process_queued_before_the_oldest_waiting_message_lost_its_message(
    queued_process, inline_engine, settings
):
    queue_message_seconds_ago(10)
    queued_seconds_ago(queued_process, settings.ENGINE_LEASE_SECONDS * 2)
    assert recover_stuck_processes()["requeued"] == 1
    assert inline_engine.queued == [str(queued_process.pk)]


def test_with_an_empty_queue_a_process_waiting_over_a_lease_is_requeued(
    queued_process, inline_engine, settings
):
    queued_seconds_ago(queued_process, settings.ENGINE_LEASE_SECONDS + 5)
    assert recover_stuck_processes()["requeued"] == 1


def test_a_process_queued_just_now_is_not_requeued(queued_process, inline_engine):
    assert recover_stuck_processes()["requeued"] == 0


def test_a_recovered_process_is_counted_once_while_it_waits_in_the_queue(
    queued_process, inline_engine, settings, effects_table
):
    from engine.models import ProcessLease

    Process.objects.filter(pk=queued_process.pk).update(status="running")  # its worker died mid-step
    ProcessLease.objects.filter(pk=queued_process.pk).update(owner="dead", expires_at=timezone.now())
    assert recover_stuck_processes()["recovered"] == 1
    recovered = Process.objects.get(pk=queued_process.pk)
    assert (recovered.status, recovered.recovery_count) == ("resumed", 1)
    queue_message_seconds_ago(settings.ENGINE_LEASE_SECONDS * 2)  # a backlog: its message waits
    for _ in range(5):  # recovery runs again and again before a worker gets to it
        assert recover_stuck_processes() == {"recovered": 0, "requeued": 0, "failed": 0}
    assert Process.objects.get(pk=queued_process.pk).recovery_count == 1
    inline_engine.drain()
    assert Process.objects.get(pk=queued_process.pk).status == "completed"


def test_an_operators_retry_counts_dead_workers_afresh(queued_process, inline_engine, settings):
    from engine import operations as engine_ops

    Process.objects.filter(pk=queued_process.pk).update(
        status="failed", recovery_count=settings.ENGINE_MAX_RECOVERIES
    )
    engine_ops.retry_process(queued_process.pk, actor=person("ops"))
    assert Process.objects.get(pk=queued_process.pk).recovery_count == 0


def test_a_requeued_process_is_not_requeued_again_while_its_new_message_waits(
    queued_process, inline_engine, settings
):
    queued_seconds_ago(queued_process, settings.ENGINE_LEASE_SECONDS + 5)
    assert recover_stuck_processes()["requeued"] == 1
    queue_message_seconds_ago(0)  # the new message, now at the head of the queue
    OrmQ.objects.update(
        lock=timezone.now() - timedelta(seconds=settings.ENGINE_LEASE_SECONDS + 1)
    )  # it waits long
    assert recover_stuck_processes()["requeued"] == 0
    assert inline_engine.queued == [str(queued_process.pk)]
