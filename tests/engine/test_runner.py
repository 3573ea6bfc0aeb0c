"""The runner and operator actions, with processes run in the test process (no cluster)."""

import dataclasses

import pytest
from django.db import connection

from engine import operations as ops
from engine.errors import (
    CallbackTokenInvalid,
    EnginePaused,
    FormNotComplete,
    FormValidationError,
    InvalidTransition,
    ProcessNotFound,
    UnknownWorkflow,
)
from engine.maintenance import fail_expired_callbacks, resume_waiting_processes
from engine.models import Process, ProcessInput, ProcessStep
from engine.workflow import get_workflow
from tests.actors import TESTS, person

pytestmark = pytest.mark.django_db


def effects(process_id=None):
    with connection.cursor() as cursor:
        if process_id:
            cursor.execute(
                "SELECT step FROM test_step_effects WHERE process_id = %s ORDER BY step", [str(process_id)]
            )
        else:
            cursor.execute("SELECT step FROM test_step_effects ORDER BY step")
        return [row[0] for row in cursor.fetchall()]


def fix(process_id="any"):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO test_step_effects (process_id, step) VALUES (%s, 'fixed')", [str(process_id)]
        )


def steps_of(process):
    return [(s.name, s.status) for s in ProcessStep.objects.filter(process=process)]


def test_start_runs_to_completion_with_one_row_per_step(inline_engine, effects_table):
    process = ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=person("alice"))
    assert Process.objects.get(pk=process.pk).status == "created"
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "completed"
    assert steps_of(process) == [
        ("Start", "success"),
        ("Effect one", "success"),
        ("Slow effect two", "success"),
        ("Effect three", "success"),
        ("Done", "complete"),
    ]
    assert process.state["three"] == 3 and process.state["created_by"] == "alice"
    assert effects(process.pk) == ["one", "three", "two"]
    row = ProcessStep.objects.filter(process=process).first()
    assert row.triggered_by == "start by alice" and row.code_version
    assert ProcessInput.objects.get(process=process).data == [{"sleep_seconds": 0}]


def test_running_a_completed_process_again_changes_nothing(inline_engine, effects_table):
    process = ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    inline_engine.drain()
    from engine.runner import run_process

    run_process(str(process.pk))  # a redelivered queue message
    assert effects(process.pk) == ["one", "three", "two"]
    assert ProcessStep.objects.filter(process=process).count() == 5


def test_bad_input_writes_nothing(inline_engine):
    with pytest.raises(UnknownWorkflow, match="Unknown workflow 'nope'; known workflows: .*task_effects"):
        ops.start_process("nope", [], actor=TESTS)
    with pytest.raises(FormNotComplete):
        ops.start_process("task_effects", [], actor=TESTS)
    with pytest.raises(FormValidationError, match="sleep_seconds"):
        ops.start_process("task_effects", [{"sleep_seconds": -1}], actor=TESTS)
    with pytest.raises(FormValidationError, match="must be an object"):
        ops.start_process("task_effects", ["garbage"], actor=TESTS)
    assert Process.objects.count() == 0 and inline_engine.queued == []


def test_fail_then_retry_completes_and_identical_failures_are_counted(inline_engine, effects_table):
    process = ops.start_process("task_fail_until_fixed", [], actor=TESTS)
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "failed"
    assert "not fixed yet" in process.failed_reason and "Traceback" in process.traceback
    ops.retry_process(process.pk, actor=person("bob"))
    inline_engine.drain()
    failed = ProcessStep.objects.get(process=process, status="failed")
    assert failed.retry_count == 1 and failed.triggered_by == "retry by bob"
    fix(process.pk)
    ops.retry_process(process.pk, actor=person("bob"))
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "completed"
    assert effects(process.pk) == ["fixed", "one"]  # the failed step's retries did not repeat step one


def test_a_failed_steps_database_effects_are_rolled_back(inline_engine, effects_table):
    @dataclasses.dataclass
    class Boom(Exception):
        pass

    process = ops.start_process("task_fail_until_fixed", [], actor=TESTS)
    inline_engine.drain()
    assert effects(process.pk) == ["one"]


def test_suspend_then_resume_with_input(inline_engine, effects_table):
    process = ops.start_process("task_suspend", [], actor=TESTS)
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "suspended" and steps_of(process)[-1] == ("Confirm", "suspend")
    with pytest.raises(FormNotComplete) as page:
        ops.resume_process(process.pk, [], actor=person("carol"))
    assert page.value.form["properties"]["confirmed"]["type"] == "boolean"
    with pytest.raises(FormValidationError, match="confirmed: This field is required"):
        ops.resume_process(process.pk, [{"confirmed": False}], actor=person("carol"))
    assert Process.objects.get(pk=process.pk).status == "suspended"
    ops.resume_process(process.pk, [{"confirmed": True}], actor=person("carol"))
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "completed" and process.state["confirmed"] is True
    assert ("Confirm", "success") in steps_of(process)
    with pytest.raises(InvalidTransition, match="is completed; only a suspended process takes input"):
        ops.resume_process(process.pk, [{"confirmed": True}], actor=TESTS)


def test_abort_and_what_cannot_be_aborted(inline_engine, effects_table):
    process = ops.start_process("task_suspend", [], actor=TESTS)
    inline_engine.drain()
    ops.abort_process(process.pk, actor=person("dave"), reason="customer cancelled")
    process.refresh_from_db()
    assert process.status == "aborted" and process.failed_reason == "Aborted by dave: customer cancelled"
    assert steps_of(process)[-1] == ("Abort", "abort")
    with pytest.raises(InvalidTransition, match="only an unfinished process can be aborted"):
        ops.abort_process(process.pk, actor=TESTS)
    with pytest.raises(InvalidTransition):
        ops.retry_process(process.pk, actor=TESTS)
    with pytest.raises(ProcessNotFound):
        ops.abort_process("00000000-0000-0000-0000-000000000000", actor=TESTS)


def test_skip_a_failed_step_needs_a_reason_and_is_recorded(inline_engine, effects_table):
    process = ops.start_process("task_fail_until_fixed", [], actor=TESTS)
    inline_engine.drain()
    with pytest.raises(InvalidTransition, match="needs a reason"):
        ops.skip_step(process.pk, "  ", actor=person("erin"))
    ops.skip_step(process.pk, "fixed the device by hand", actor=person("erin"))
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "completed"
    skipped = ProcessStep.objects.get(process=process, status="skipped")
    assert (
        skipped.name == "Fail unless fixed" and skipped.error == "Skipped by erin: fixed the device by hand"
    )


def test_retry_step_waits_and_the_scheduler_retries_it(inline_engine, effects_table):
    process = ops.start_process("task_retry_step", [], actor=TESTS)
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "waiting" and steps_of(process)[-1] == ("Retry later", "waiting")
    fix(process.pk)
    assert resume_waiting_processes()["retried"] == 1
    inline_engine.drain()
    assert Process.objects.get(pk=process.pk).status == "completed"


def test_showcase_callback_conditional_parallel_and_retry(inline_engine):
    process = ops.start_process("task_showcase", [{"name": "Ada", "fail_once": True}], actor=person("frank"))
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "suspended"
    ops.resume_process(process.pk, [{"colour": "red"}], actor=person("frank"))
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "awaiting_callback"
    route = process.state["callback_route"]
    token = route.rsplit("/", 1)[1]
    assert route == f"/api/processes/{process.pk}/callback/{token}"
    with pytest.raises(CallbackTokenInvalid):
        ops.deliver_callback(process.pk, "wrong", {"status": "ok"})
    ops.report_callback_progress(process.pk, token, {"percent": 50})
    assert Process.objects.get(pk=process.pk).callback_progress == {"percent": 50}
    ops.deliver_callback(process.pk, token, {"status": "ok"})
    inline_engine.drain()  # parent waits for the branches, branches run, join re-queues the parent
    process.refresh_from_db()
    assert process.status == "failed" and steps_of(process)[-1] == ("Flaky step", "failed")
    assert process.state["letters"] == 3 and process.state["shouted"] == "HELLO ADA"
    assert process.state["celebrated"] is True and "__callback_token" not in process.state
    ops.retry_process(process.pk, actor=person("frank"))
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "completed"
    with pytest.raises(CallbackTokenInvalid):
        ops.deliver_callback(process.pk, token, {"status": "ok"})


def test_conditional_step_is_logged_as_skipped(inline_engine):
    process = ops.start_process("task_showcase", [{"name": "Ada", "fail_once": False}], actor=TESTS)
    inline_engine.drain()
    ops.resume_process(process.pk, [{"colour": "blue"}], actor=TESTS)
    inline_engine.drain()
    assert ("Celebrate red", "skipped") in steps_of(Process.objects.get(pk=process.pk))


def test_callback_timeout_fails_and_retry_waits_again(inline_engine):
    from django.utils import timezone

    process = ops.start_process("task_showcase", [{"name": "Ada", "fail_once": False}], actor=TESTS)
    inline_engine.drain()
    ops.resume_process(process.pk, [{"colour": "blue"}], actor=TESTS)
    inline_engine.drain()
    Process.objects.filter(pk=process.pk).update(callback_deadline=timezone.now())
    assert fail_expired_callbacks() == {"timed_out": 1}
    process.refresh_from_db()
    assert process.status == "failed" and "No callback arrived" in process.failed_reason
    ops.retry_process(process.pk, actor=TESTS)
    inline_engine.drain()
    assert Process.objects.get(pk=process.pk).status == "awaiting_callback"


def test_parallel_failed_branch_is_retried_alone(inline_engine, effects_table):
    process = ops.start_process("task_parallel", [], actor=TESTS)
    Process.objects.filter(pk=process.pk).update(state={**process.state, "numbers": [1, 2, 3]})
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "waiting"
    children = {(c.branch_path or [])[-1][2]: c for c in process.children.all()}
    assert children[0].status == "completed" and children[1].status == "failed"
    fix()
    ops.retry_process(process.pk, actor=person("gina"))  # retries the failed branch only
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "completed"
    assert process.state["a"] == "A" and process.state["b"] == "B"
    assert process.state["numbers_results"] == [{"doubled": 2}, {"doubled": 4}, {"doubled": 6}]
    assert ProcessStep.objects.filter(process=children[0], name="Branch A").count() == 1


def test_subworkflows_start_children_and_collect_their_results(inline_engine, effects_table):
    process = ops.start_process("task_subworkflows", [], actor=TESTS)
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "completed"
    results = process.state["subworkflow_results"]
    assert [r["workflow"] for r in results] == ["task_effects", "task_effects"]
    assert all(r["state"]["three"] == 3 for r in results)
    assert len(effects()) == 6


def test_a_running_process_keeps_its_plan_when_the_code_changes(inline_engine, effects_table, monkeypatch):
    process = ops.start_process("task_suspend", [], actor=TESTS)
    inline_engine.drain()
    definition = get_workflow("task_suspend")
    from engine import done, init

    # A new version inserts a step before the suspended one: the process must not run it.
    from tests.engine_workflows import confirm, effect_one, effect_three, slow_effect_two

    monkeypatch.setattr(
        definition, "_steps", init >> effect_one >> slow_effect_two >> confirm >> effect_three >> done
    )
    ops.resume_process(process.pk, [{"confirmed": True}], actor=TESTS)
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "completed" and effects(process.pk) == ["one", "three"]

    # A version that dropped a step the plan still needs refuses clearly instead of guessing.
    second = ops.start_process("task_suspend", [], actor=TESTS)
    inline_engine.drain()
    monkeypatch.setattr(definition, "_steps", init >> effect_one >> confirm >> done)
    ops.resume_process(second.pk, [{"confirmed": True}], actor=TESTS)
    inline_engine.drain()
    second.refresh_from_db()
    assert second.status == "failed"
    assert (
        "Step 'Effect three' of this process's plan is no longer in workflow 'task_suspend'"
        in second.failed_reason
    )


def test_engine_pause_holds_new_work_and_resume_releases_it(inline_engine, effects_table):
    process = ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    ops.pause_engine(actor=person("ops"))
    inline_engine.drain()
    assert Process.objects.get(pk=process.pk).status == "created"
    with pytest.raises(EnginePaused):
        ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    assert ops.resume_engine(actor=TESTS) == 1
    inline_engine.drain()
    assert Process.objects.get(pk=process.pk).status == "completed"


def test_plain_workflow_with_two_pages_and_conditional(inline_engine, effects_table):
    process = ops.start_process(
        "plain_two_pages", [{"count": 1, "colours": ["red"]}, {"name": "n"}], actor=TESTS
    )
    inline_engine.drain()
    process.refresh_from_db()
    assert process.status == "completed" and ("Effect one", "skipped") in steps_of(process)
