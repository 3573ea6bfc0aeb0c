"""The process page: step timeline with state changes, traceback, the operator's buttons
(Retry, Resume with the step's form, Abort, Skip with a reason), refreshing while live."""

import pytest
from django.urls import reverse

from engine import operations as ops
from engine.models import EngineSettings, Process, ProcessStep
from tests.actors import TESTS
from tests.engine_workflows import record_effect

pytestmark = pytest.mark.django_db


def page(client, process) -> str:
    return client.get(reverse("admin:workflows_process_change", args=[process.pk])).content.decode()


def action(name, process):
    return reverse(f"admin:workflows_process_{name}", args=[process.pk])


@pytest.fixture
def failed(inline_engine, effects_table):
    process = ops.start_process("task_fail_until_fixed", [], actor=TESTS)
    inline_engine.drain()
    assert Process.objects.get(pk=process.pk).status == "failed"
    return process


def test_a_failed_process_shows_its_traceback_and_retry_runs_it_again(admin_client, failed, inline_engine):
    body = page(admin_client, failed)
    assert "RuntimeError: not fixed yet" in body and "Traceback (most recent call last)" in body
    assert 'id="action-retry"' in body and 'id="action-skip"' in body and 'id="action-abort"' in body
    assert 'data-live="0"' in body  # a failed process waits for someone: no refreshing
    # what the first step changed in the state, against the step before
    assert (
        '<tr class="change-added"><td><code>one</code></td><td><code></code></td><td><code>1</code></td></tr>'
        in body
    )

    record_effect(str(failed.pk), "fixed")
    response = admin_client.post(action("retry", failed))
    assert response.status_code == 302
    assert 'data-live="1"' in page(admin_client, failed)  # queued again: the page refreshes itself
    inline_engine.drain()
    assert Process.objects.get(pk=failed.pk).status == "completed"
    assert "completed" in page(admin_client, failed)


def test_skip_needs_a_reason_and_records_it(admin_client, failed, inline_engine):
    refused = admin_client.post(action("skip", failed), {"reason": " "}, follow=True).content.decode()
    assert "Skipping a step needs a reason" in refused
    admin_client.post(action("skip", failed), {"reason": "fixed the router by hand"})
    inline_engine.drain()
    skipped = ProcessStep.objects.get(process=failed, status="skipped")
    assert skipped.error == "Skipped by admin: fixed the router by hand"
    assert Process.objects.get(pk=failed.pk).status == "completed"


def test_abort_with_a_reason(admin_client, failed):
    admin_client.post(action("abort", failed), {"reason": "customer cancelled"})
    process = Process.objects.get(pk=failed.pk)
    assert process.status == "aborted" and process.failed_reason == "Aborted by admin: customer cancelled"
    body = page(admin_client, failed)
    assert 'id="action-retry"' not in body and 'id="action-abort"' not in body


def test_a_refused_action_says_why_and_changes_nothing(admin_client, inline_engine, effects_table):
    process = ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    inline_engine.drain()
    body = admin_client.post(action("retry", process), follow=True).content.decode()
    assert "only a process that is" in body and "can be retried" in body
    assert Process.objects.get(pk=process.pk).status == "completed"


def test_resume_shows_the_suspended_steps_form(admin_client, inline_engine, effects_table):
    process = ops.start_process("task_suspend", [], actor=TESTS)
    inline_engine.drain()
    body = page(admin_client, process)
    assert 'id="action-resume"' in body and 'name="confirmed"' in body  # the step's form, on the process page
    url = action("resume", process)
    form = admin_client.get(url).content.decode()
    assert 'name="confirmed"' in form and "Confirm" in form
    unticked = admin_client.post(url, {"page": 0, "_next": "1"}).content.decode()
    assert 'id="errors-confirmed"' in unticked
    response = admin_client.post(url, {"page": 0, "confirmed": "on", "_next": "1"})  # one page: it resumes
    assert response.status_code == 302 and response["Location"].endswith(f"/process/{process.pk}/change/")
    inline_engine.drain()
    assert Process.objects.get(pk=process.pk).status == "completed"


def test_resume_straight_from_the_process_page(admin_client, inline_engine, effects_table):
    process = ops.start_process("task_suspend", [], actor=TESTS)
    inline_engine.drain()
    response = admin_client.post(action("resume", process), {"page": 0, "confirmed": "on", "_next": "1"})
    assert response.status_code == 302
    inline_engine.drain()
    assert Process.objects.get(pk=process.pk).status == "completed"


def test_lists_of_processes_and_of_tasks_with_filters(admin_client, failed):
    url = reverse("admin:workflows_process_changelist")
    tasks = admin_client.get(url, {"is_task__exact": "1"}).content.decode()
    assert "Tasks" in tasks and "task_fail_until_fixed" in tasks
    processes = admin_client.get(url, {"is_task__exact": "0"}).content.decode()
    assert "0 processes" in processes and "Processes" in processes
    for params in (
        {"status__exact": "failed"},
        {"workflow__id__exact": failed.workflow_id},
        {"started_at__gte": "2000-01-01"},
    ):
        assert admin_client.get(url, params).status_code == 200


def test_new_task_lists_the_tasks_and_starts_one_through_its_form(admin_client, inline_engine):
    listing = admin_client.get(reverse("admin:workflows_process_new_task")).content.decode()
    assert "NetBox bootstrap" in listing and "NetBox wipe" in listing
    url = reverse("admin:workflows_process_start", args=["task_netbox_wipe"])
    form = admin_client.get(url).content.decode()
    assert 'name="annihilate"' in form and "Deletes every site" in form
    refused = admin_client.post(url, {"page": 0, "_next": "1"}).content.decode()
    assert 'id="errors-annihilate"' in refused  # the confirmation is required
    assert not Process.objects.filter(workflow__key="task_netbox_wipe").exists()


def test_engine_pause_and_resume_from_the_start_page(admin_client):
    start = admin_client.get(reverse("admin:index")).content.decode()
    assert 'id="engine-pause"' in start
    admin_client.post(reverse("admin:engine_pause"))
    assert EngineSettings.get().paused
    start = admin_client.get(reverse("admin:index")).content.decode()
    assert 'id="engine-resume"' in start and "paused" in start
    admin_client.post(reverse("admin:engine_resume"))
    assert not EngineSettings.get().paused


def test_the_start_page_counts_and_lists_what_needs_someone(admin_client, failed):
    from tests.testproducts import factories

    factories.router()
    factories.router(status="provisioning", complete=False)
    body = admin_client.get(reverse("admin:index")).content.decode()
    assert "1 process needs someone" in body and "Fails until an operator fixes things" in body
    assert "test router A" in body and "provisioning" in body
    assert 'id="processes-by-status"' in body
