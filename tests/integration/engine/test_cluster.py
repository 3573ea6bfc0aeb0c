"""The engine through a real django-q2 cluster on PostgreSQL."""

import os
import signal
import threading

import pytest
from django.db import close_old_connections, connection

from engine import operations as ops
from engine.errors import InvalidTransition
from engine.maintenance import fail_expired_callbacks
from engine.models import Process, ProcessStep
from tests.actors import TESTS, person
from tests.integration.engine.conftest import wait_for

pytestmark = pytest.mark.integration


def status_of(process) -> str:
    return Process.objects.get(pk=process.pk).status


def reaches(process, status: str, timeout: float = 30):
    wait_for(lambda: status_of(process) == status, timeout, f"process {process.pk} to be {status}")


def effects(process_id) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT step FROM test_step_effects WHERE process_id = %s ORDER BY step", [str(process_id)]
        )
        return [row[0] for row in cursor.fetchall()]


def test_start_to_completion(cluster):
    process = ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=person("alice"))
    reaches(process, "completed")
    assert effects(process.pk) == ["one", "three", "two"]
    assert ProcessStep.objects.filter(process=process).count() == 5


def test_suspend_then_resume(cluster):
    process = ops.start_process("task_suspend", [], actor=TESTS)
    reaches(process, "suspended")
    ops.resume_process(process.pk, [{"confirmed": True}], actor=person("bob"))
    reaches(process, "completed")
    assert effects(process.pk) == ["one", "three"]


def test_fail_then_retry_then_complete(cluster):
    process = ops.start_process("task_fail_until_fixed", [], actor=TESTS)
    reaches(process, "failed")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO test_step_effects VALUES (%s, 'fixed')", [str(process.pk)])
    ops.retry_process(process.pk, actor=person("carol"))
    reaches(process, "completed")
    assert effects(process.pk) == ["fixed", "one"]


def test_abort_a_suspended_process(cluster):
    process = ops.start_process("task_suspend", [], actor=TESTS)
    reaches(process, "suspended")
    ops.abort_process(process.pk, actor=person("dave"))
    assert status_of(process) == "aborted"
    with pytest.raises(InvalidTransition):
        ops.resume_process(process.pk, [{"confirmed": True}], actor=TESTS)


def test_showcase_with_callback_delivered(cluster):
    process = ops.start_process("task_showcase", [{"name": "Grace", "fail_once": True}], actor=TESTS)
    reaches(process, "suspended")
    ops.resume_process(process.pk, [{"colour": "red"}], actor=TESTS)
    reaches(process, "awaiting_callback")
    token = Process.objects.get(pk=process.pk).state["callback_route"].rsplit("/", 1)[1]
    ops.deliver_callback(process.pk, token, {"status": "ok"})
    reaches(process, "failed")  # the flaky step, after the parallel branches joined
    ops.retry_process(process.pk, actor=TESTS)
    reaches(process, "completed")
    state = Process.objects.get(pk=process.pk).state
    assert state["letters"] == 5 and state["shouted"] == "HELLO GRACE" and state["external_checked"] is True


def test_callback_timed_out(cluster):
    process = ops.start_process("task_showcase", [{"name": "Grace", "fail_once": False}], actor=TESTS)
    reaches(process, "suspended")
    ops.resume_process(process.pk, [{"colour": "blue"}], actor=TESTS)
    reaches(process, "awaiting_callback")
    from django.utils import timezone

    Process.objects.filter(pk=process.pk).update(callback_deadline=timezone.now())
    assert fail_expired_callbacks() == {"timed_out": 1}
    assert status_of(process) == "failed"


def test_worker_killed_mid_step_the_process_completes_with_each_effect_once(cluster):
    process = ops.start_process("task_effects", [{"sleep_seconds": 4}], actor=TESTS)
    pid = wait_for(lambda: cluster.worker_pids(), 30, "the slow step to start")[0]
    os.kill(pid, signal.SIGKILL)
    # No one touches the process: the lease expires and the scheduled recovery resumes it.
    reaches(process, "completed", timeout=150)
    assert effects(process.pk) == ["one", "three", "two"]
    recovered = Process.objects.get(pk=process.pk)
    assert recovered.recovery_count == 1
    names = [s.name for s in ProcessStep.objects.filter(process=process)]
    assert names == ["Start", "Effect one", "Slow effect two", "Effect three", "Done"]
    assert (
        ProcessStep.objects.get(process=process, name="Effect three").triggered_by
        == "recovery by system:recovery"
    )


def test_two_concurrent_resumes_one_runs_the_other_is_refused(cluster):
    process = ops.start_process("task_suspend", [], actor=TESTS)
    reaches(process, "suspended")
    barrier = threading.Barrier(2)
    outcomes = []

    def resume(user):
        close_old_connections()
        barrier.wait()
        try:
            ops.resume_process(process.pk, [{"confirmed": True}], actor=person(user))
            outcomes.append("resumed")
        except InvalidTransition as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=resume, args=(u,)) for u in ("eve", "mallory")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(outcomes)[-1] == "resumed" and "only a suspended process takes input" in sorted(outcomes)[0]
    reaches(process, "completed")
    assert ProcessStep.objects.filter(process=process, name="Confirm", status="success").count() == 1
    assert effects(process.pk) == ["one", "three"]
