"""What a step costs in statements, and that the cheap path keeps the runner's guarantees:
the step's effects, its row and the new state commit together or not at all, and a run
notices what changed in the process between its steps.

The statements counted are PostgreSQL's way (`progress_postgresql`); SQLite takes the
portable way, whose guarantees tests/engine/test_progress_portable.py checks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engine import lease, operations, progress_postgresql
from engine.models import Process, ProcessLease, ProcessStep
from engine.runner import ProcessRun, run_process
from tests.actors import TESTS, person


def effects(process_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT step FROM test_step_effects WHERE process_id = %s ORDER BY step", [str(process_id)]
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("This test counts PostgreSQL's statements: run it with DATABASE_URL=postgres://…")


def postgresql_only(test):
    """PostgreSQL's way of writing only: the SQLite run (`make test-sqlite`) leaves these out."""
    return pytest.mark.integration(pytest.mark.usefixtures("postgresql")(test))


def statements(captured) -> list[str]:
    """What went to the server: Django also logs BEGIN/COMMIT it did not need to send."""
    return [q["sql"] for q in captured.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_a_step_is_a_lock_and_one_write_that_carries_the_commit(inline_engine, effects_table):
    process = operations.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    pid = inline_engine.queued.pop()
    with CaptureQueriesContext(connection) as captured:
        assert run_process(pid) == "completed"
    sent = statements(captured)
    # Take the lease; then per step (Start, three effects, Done) a lock and a write; the
    # effect steps add their own INSERT. The last write frees the lease.
    assert len(sent) == 1 + 5 * 2 + 3, "\n".join(sent)
    writes = [s for s in sent if s.startswith("WITH step AS")]
    assert len(writes) == 5 and all(w.endswith("; COMMIT") for w in writes)
    assert "lease AS" in writes[-1] and not any("lease AS" in w for w in writes[:-1])
    assert ProcessLease.objects.get(process=process).owner == ""
    assert [s.name for s in ProcessStep.objects.filter(process=process)] == [
        "Start",
        "Effect one",
        "Slow effect two",
        "Effect three",
        "Done",
    ]


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_a_failed_write_rolls_back_the_steps_effects(inline_engine, effects_table, monkeypatch):
    process = operations.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    pid = inline_engine.queued.pop()
    owner = lease.new_owner()
    assert lease.acquire(pid, owner)
    run = ProcessRun(pid, owner)
    assert run.advance() == "continue"  # Start
    broken = progress_postgresql._update_process_sql().replace("WHERE id", "WHERE no_such_column")
    monkeypatch.setattr(progress_postgresql, "_update_process_sql", lambda: broken)
    with pytest.raises(Exception, match="no_such_column"):
        run.advance()  # Effect one: its INSERT ran, then the write failed
    assert effects(process.pk) == []
    stored = Process.objects.get(pk=process.pk)
    assert (stored.position, stored.last_step) == (1, "Start")
    assert ProcessStep.objects.filter(process=process).count() == 1
    monkeypatch.undo()
    assert run.advance() == "continue"  # the run reads the row again and runs the step once
    assert effects(process.pk) == ["one"]


@pytest.mark.django_db
def test_a_run_notices_what_changed_between_its_steps(inline_engine, effects_table):
    process = operations.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    pid = inline_engine.queued.pop()
    owner = lease.new_owner()
    assert lease.acquire(pid, owner)
    run = ProcessRun(pid, owner)
    assert run.advance() == "continue"  # Start
    assert run.advance() == "continue"  # Effect one
    # Someone else writes the row between two steps (here: a new state value).
    stored = Process.objects.get(pk=pid)
    stored.state = {**stored.state, "sleep_seconds": 0, "changed_meanwhile": True}
    stored.save()
    assert run.advance() == "continue"
    assert ProcessStep.objects.filter(process=process).last().state["changed_meanwhile"] is True
    # An operator aborts it between two steps: the run stops without writing a step.
    operations.abort_process(pid, actor=person("op"))
    assert run.advance() == "aborted"
    assert effects(process.pk) == ["one", "two"]
    assert ProcessStep.objects.filter(process=process).last().name == "Abort"


@pytest.mark.django_db
def test_a_run_stops_when_its_lease_was_taken_between_steps(inline_engine, effects_table):
    process = operations.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    pid = inline_engine.queued.pop()
    owner = lease.new_owner()
    assert lease.acquire(pid, owner)
    run = ProcessRun(pid, owner)
    assert run.advance() == "continue"
    ProcessLease.objects.filter(process_id=pid).update(owner="another worker")
    assert run.advance() == "lease lost"
    assert effects(process.pk) == [] and ProcessStep.objects.filter(process=process).count() == 1


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_starting_a_process_is_one_insert_that_carries_the_commit(inline_engine):
    from engine.models import EngineSettings

    EngineSettings.get()
    alice = person("alice")  # a superuser: her permission check needs no query
    with CaptureQueriesContext(connection) as captured:
        process = operations.start_process("task_effects", [{"sleep_seconds": 0}], actor=alice)
    sent = statements(captured)
    assert len(sent) == 2, "\n".join(sent)  # is the engine paused?; the insert
    assert sent[1].startswith("WITH p AS (INSERT INTO") and sent[1].endswith("; COMMIT")
    stored = Process.objects.select_related("workflow").get(pk=process.pk)
    assert (stored.workflow.key, stored.status, stored.created_by, stored.triggered_by) == (
        "task_effects",
        "created",
        "alice",
        "start by alice",
    )
    assert stored.workflow_id == process.workflow_id and stored.started_at == process.started_at
    assert ProcessLease.objects.get(process=process).owner == ""
    assert list(process.inputs.values_list("kind", "data", "created_by")) == [
        ("initial", [{"sleep_seconds": 0}], "alice")
    ]
    assert inline_engine.queued == [str(process.pk)]


@pytest.mark.django_db
def test_a_workflow_missing_from_the_table_is_mirrored_when_started(inline_engine):
    from engine.models import Workflow

    Workflow.objects.filter(key="task_suspend").delete()
    process = operations.start_process("task_suspend", [], actor=TESTS)
    assert Process.objects.get(pk=process.pk).workflow.key == "task_suspend"
    assert Workflow.objects.filter(key="task_suspend").count() == 1


@pytest.mark.django_db
def test_a_subscription_workflow_looks_up_its_initiator_once_per_run(inline_engine, django_user_model):
    from subscriptions.models import Subscription
    from tests.testproducts import factories

    admin = django_user_model.objects.create(username="admin", is_superuser=True)
    router = factories.router()
    process = operations.start_process(
        "modify_test_router",
        [{"subscription_id": str(router.pk)}, {"description": "new text"}],
        actor=person("admin"),
    )
    assert process.process_subscriptions.count() == 1  # linked at start, by one INSERT … ON CONFLICT
    with CaptureQueriesContext(connection) as captured:
        assert run_process(inline_engine.queued.pop()) == "completed"
    user_lookups = [q for q in captured.captured_queries if 'FROM "auth_user"' in q["sql"]]
    assert len(user_lookups) == 1
    history = Subscription.history.filter(id=router.pk, history_process_id=str(process.pk))
    assert history.count() == 3 and {h.history_user_id for h in history} == {admin.pk}
    assert process.process_subscriptions.count() == 1  # the link step found it there
