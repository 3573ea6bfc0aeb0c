"""The portable way of writing a step (the ORM; SQLite's way) keeps the runner's guarantees.

These tests force that way, so they check it on whichever database the suite runs on.
"""

import pytest
from django.db import DatabaseError, connection

from engine import lease, operations, progress, progress_portable, progress_postgresql, runner
from engine.models import Process, ProcessLease, ProcessStep
from engine.runner import ProcessRun
from tests.actors import TESTS, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def portable(monkeypatch):
    monkeypatch.setattr(progress, "writer", lambda: progress_portable)


def effects(process_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT step FROM test_step_effects WHERE process_id = %s ORDER BY step", [str(process_id)]
        )
        return [row[0] for row in cursor.fetchall()]


def started_run(inline_engine) -> tuple[Process, ProcessRun]:
    process = operations.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    pid = inline_engine.queued.pop()
    owner = lease.new_owner()
    assert lease.acquire(pid, owner)
    return process, ProcessRun(pid, owner)


def test_the_way_of_writing_follows_the_database():
    expected = progress_postgresql if connection.vendor == "postgresql" else progress_portable
    assert progress.writer() is expected


def test_a_process_runs_to_completion_and_frees_its_lease(portable, inline_engine, effects_table):
    process = operations.start_process("task_effects", [{"sleep_seconds": 0}], actor=person("alice"))
    inline_engine.drain()
    stored = Process.objects.select_related("workflow").get(pk=process.pk)
    assert (stored.workflow.key, stored.status, stored.position) == ("task_effects", "completed", 5)
    assert [s.name for s in ProcessStep.objects.filter(process=process)] == [
        "Start",
        "Effect one",
        "Slow effect two",
        "Effect three",
        "Done",
    ]
    assert effects(process.pk) == ["one", "three", "two"]
    assert ProcessLease.objects.get(process=process).owner == ""
    assert list(process.inputs.values_list("created_by", flat=True)) == ["alice"]


def test_a_stale_workers_step_write_is_refused_and_leaves_nothing(
    portable, inline_engine, effects_table, monkeypatch
):
    process, run = started_run(inline_engine)
    assert run.advance() == "continue"  # Start
    real_execute = runner.execute

    def lease_taken_while_the_step_ran(process, step):
        # The step's effect is written, then another worker takes the lease (expired meanwhile).
        # Done here on the same connection: on SQLite another worker would wait for the
        # step's transaction instead, but a database without a database-wide lock lets it in.
        outcome = real_execute(process, step)
        ProcessLease.objects.filter(process_id=process.pk).update(owner="another worker")
        return outcome

    monkeypatch.setattr(runner, "execute", lease_taken_while_the_step_ran)
    assert run.advance() == "lease lost"
    assert effects(process.pk) == []  # the step's effect went with its refused write
    stored = Process.objects.get(pk=process.pk)
    assert (stored.position, stored.last_step) == (1, "Start")
    assert ProcessStep.objects.filter(process=process).count() == 1


def test_a_write_by_a_worker_without_the_lease_raises(portable, inline_engine):
    process = operations.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    process.position = 3
    with pytest.raises(progress.LeaseLost, match="no longer holds the lease"):
        progress.save(process, None, owner="nobody")
    assert Process.objects.get(pk=process.pk).position == 0


def test_a_failed_step_row_rolls_back_the_steps_effects(portable, inline_engine, effects_table, monkeypatch):
    process, run = started_run(inline_engine)
    assert run.advance() == "continue"  # Start

    def refused(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(ProcessStep, "save", refused)
    with pytest.raises(DatabaseError, match="disk full"):
        run.advance()  # Effect one: its INSERT and the process update ran, then the step row failed
    assert effects(process.pk) == []
    assert Process.objects.get(pk=process.pk).position == 1
    monkeypatch.undo()
    monkeypatch.setattr(progress, "writer", lambda: progress_portable)
    assert run.advance() == "continue"  # the run reads the row again and runs the step once
    assert effects(process.pk) == ["one"]
