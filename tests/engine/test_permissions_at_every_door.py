"""`workflows.run_<key>` at every door: console, REST, commands, and the engine itself.

One table of operations (how to get a process ready for it, how each door asks for it) and
one of doors. For every door × operation, a staff user without the permission is refused
with a message naming `workflows.run_<key>`, and nothing is written (no process, step,
input or subscription history row; the process keeps its status); with the permission
(that workflow's only, not run-any) it works. The scheduler has no user: it acts as
`system:scheduler`, tested at the end with the other system identities."""

from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from engine import operations as ops
from engine.actors import SCHEDULER, SystemActor
from engine.errors import EngineError, PermissionRefused
from engine.models import EngineSettings, Process, ProcessInput, ProcessStatus, ProcessStep
from subscriptions.models import Subscription
from tests.actors import TESTS
from tests.api.conftest import grant, token_client
from tests.engine_workflows import record_effect

pytestmark = pytest.mark.django_db
S = ProcessStatus


# --- Operations ----------------------------------------------------------------------------


def suspended(inline_engine) -> Process:
    process = ops.start_process("task_suspend", [], actor=TESTS)
    inline_engine.drain()
    assert Process.objects.get(pk=process.pk).status == S.SUSPENDED
    return process


def failed(inline_engine) -> Process:
    process = ops.start_process("task_fail_until_fixed", [], actor=TESTS)
    inline_engine.drain()
    assert Process.objects.get(pk=process.pk).status == S.FAILED
    record_effect(str(process.pk), "fixed")  # a retry would now get through
    return process


@dataclass(frozen=True)
class Op:
    workflow: str
    prepare: Callable | None  # inline_engine -> the process the operation acts on
    done: str  # the status right after the operation succeeded


OPS = {
    "start": Op("task_suspend", None, S.CREATED),
    "resume": Op("task_suspend", suspended, S.RESUMED),
    "retry": Op("task_fail_until_fixed", failed, S.RESUMED),
    "abort": Op("task_fail_until_fixed", failed, S.ABORTED),
    "skip": Op("task_fail_until_fixed", failed, S.RESUMED),
}


# --- Doors: each asks for an operation as `user`, and answers the refusal's message or None --


def console(op: str, user: User, process: Process | None) -> str | None:
    client = Client()
    client.force_login(user)
    if op == "start":
        url = reverse("admin:workflows_process_start", args=[OPS[op].workflow])
        client.get(url)  # the wizard: a task without a form goes straight to its review page
        response = client.post(url, {"page": 0, "_start": "1"})
    elif op == "resume":
        response = client.post(
            reverse("admin:workflows_process_resume", args=[process.pk]),
            {"page": 0, "confirmed": "on", "_next": "1"},
        )
    else:
        response = client.post(
            reverse(f"admin:workflows_process_{op}", args=[process.pk]), {"reason": "fixed by hand"}
        )
    assert response.status_code == 302, response.content[:300]
    errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    return errors[0] if errors else None


def rest(op: str, user: User, process: Process | None) -> str | None:
    client = token_client(user)
    if op == "start":
        response = client.post(f"/api/processes/{OPS[op].workflow}", [], format="json")
    elif op == "resume":
        response = client.put(f"/api/processes/{process.pk}/resume", [{"confirmed": True}], format="json")
    elif op == "retry":
        response = client.put(f"/api/processes/{process.pk}/resume", [], format="json")
    else:
        response = client.put(
            f"/api/processes/{process.pk}/abort", {"reason": "fixed by hand"}, format="json"
        )
    if response.status_code == 403:
        return response.json()["detail"]
    assert response.status_code in (201, 204), response.content
    return None


def command(op: str, user: User, process: Process | None) -> str | None:
    args = {
        "start": ["start_workflow", OPS[op].workflow],
        "resume": ["process", "resume", str(getattr(process, "pk", "")), "--input", '[{"confirmed": true}]'],
        "retry": ["process", "retry", str(getattr(process, "pk", ""))],
        "abort": ["process", "abort", str(getattr(process, "pk", "")), "--reason", "fixed by hand"],
        "skip": ["process", "skip", str(getattr(process, "pk", "")), "--reason", "fixed by hand"],
    }[op]
    try:
        call_command(*args, "--user", user.username, stdout=StringIO())
    except CommandError as error:
        assert error.returncode == 1  # as every other refusal of the commands
        return str(error)
    return None


def engine(op: str, user: User, process: Process | None) -> str | None:
    """The operations themselves: what a door added later (GraphQL mutations, …) would call."""
    pk = getattr(process, "pk", None)
    calls = {
        "start": lambda: ops.start_process(OPS[op].workflow, [], actor=user),
        "resume": lambda: ops.resume_process(pk, [{"confirmed": True}], actor=user),
        "retry": lambda: ops.retry_process(pk, actor=user),
        "abort": lambda: ops.abort_process(pk, actor=user, reason="fixed by hand"),
        "skip": lambda: ops.skip_step(pk, "fixed by hand", actor=user),
    }
    try:
        calls[op]()
    except PermissionRefused as refusal:
        return str(refusal)
    return None


DOORS = {"console": console, "rest": rest, "command": command, "engine": engine}
NO_SUCH_DOOR = {
    ("rest", "skip")
}  # the REST API has no skip (docs/api.md): operators skip in the console or CLI
CASES = [
    pytest.param(door, op, id=f"{door}-{op}")
    for door in DOORS
    for op in OPS
    if (door, op) not in NO_SUCH_DOOR
]


# --- The tests -----------------------------------------------------------------------------


def staff(username: str, *permissions: str) -> User:
    return grant(User.objects.create_user(username, password="x", is_staff=True), *permissions)


def written() -> dict:
    """Everything an operation could write, to compare before and after a refusal."""
    return {
        "processes": sorted(Process.objects.values_list("pk", "status", "triggered_by", "last_modified_at")),
        "steps": ProcessStep.objects.count(),
        "inputs": ProcessInput.objects.count(),
        "subscription history": Subscription.history.count(),
    }


@pytest.mark.parametrize(("door", "op"), CASES)
def test_without_the_run_permission_the_door_refuses_and_nothing_is_written(
    door, op, inline_engine, effects_table
):
    prepare = OPS[op].prepare
    process = prepare(inline_engine) if prepare else None
    user = staff("noc", "workflows.run_plain_two_pages")  # may run another workflow: that does not count
    before = written()
    message = DOORS[door](op, user, process)
    assert message is not None, f"{door} let {op} through without the permission"
    assert f"workflows.run_{OPS[op].workflow}" in message and "workflows.run_any_workflow" in message
    assert message.startswith("noc may not ")
    assert written() == before
    assert inline_engine.queued == []


@pytest.mark.parametrize(("door", "op"), CASES)
def test_with_the_run_permission_the_door_does_it_and_records_the_user(
    door, op, inline_engine, effects_table
):
    prepare = OPS[op].prepare
    process = prepare(inline_engine) if prepare else None
    user = staff("noc", f"workflows.run_{OPS[op].workflow}")
    assert DOORS[door](op, user, process) is None
    acted = Process.objects.get(pk=process.pk) if process else Process.objects.get(created_by="noc")
    assert acted.status == OPS[op].done
    assert acted.triggered_by.endswith(" by noc")


def test_a_free_text_name_is_refused_loudly_and_nothing_is_written():
    with pytest.raises(TypeError, match="take the acting user .* not 'bob'"):
        ops.start_process("task_suspend", [], actor="bob")  # type: ignore[arg-type]  # what the test is about
    assert not Process.objects.exists()


def test_anonymous_is_refused_by_the_engine(inline_engine):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionRefused, match="an anonymous user may not start workflow 'task_suspend'"):
        ops.start_process("task_suspend", [], actor=AnonymousUser())


# --- Children, the engine switch, subscriptions ------------------------------------------------


def test_a_child_process_is_governed_by_its_top_level_workflow(inline_engine, effects_table):
    parent = ops.start_process("task_parallel", [], actor=TESTS)
    inline_engine.drain()
    child = Process.objects.filter(parent=parent, status=S.FAILED).first()
    assert child is not None, "task_parallel has a branch that fails"
    refused = staff("noc", "workflows.run_plain_two_pages")
    with pytest.raises(PermissionRefused, match="workflows.run_task_parallel"):
        ops.retry_process(child.pk, actor=refused)
    allowed = staff("ops", "workflows.run_task_parallel")
    ops.retry_process(parent.pk, actor=allowed)  # retries the failed branch, under the parent's permission
    assert Process.objects.get(pk=child.pk).triggered_by == "retry by ops"


@pytest.mark.parametrize("operation", ["pause", "resume"])
def test_the_engine_switch_needs_change_enginesettings_in_the_console_too(operation):
    client = Client()
    client.force_login(staff("noc"))
    paused_before = EngineSettings.get().paused
    response = client.post(reverse(f"admin:engine_{operation}"))
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "needs the permission workflows.change_enginesettings" in message
    assert EngineSettings.get().paused == paused_before
    client.force_login(staff("ops", "workflows.change_enginesettings"))
    client.post(reverse(f"admin:engine_{operation}"))
    assert EngineSettings.get().paused == (operation == "pause")


def test_set_in_sync_needs_change_subscription_in_the_console_too():
    from tests.testproducts import factories

    router = factories.router()
    Subscription.objects.filter(pk=router.pk).update(insync=False)
    url = reverse("admin:subscriptions_subscription_set_in_sync", args=[router.pk])
    client = Client()
    client.force_login(staff("noc"))
    history = Subscription.history.count()
    response = client.post(url)
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "needs the permission subscriptions.change_subscription" in message
    assert Subscription.objects.get(pk=router.pk).insync is False and Subscription.history.count() == history
    client.force_login(staff("ops", "subscriptions.change_subscription"))
    client.post(url)
    assert Subscription.objects.get(pk=router.pk).insync is True


# --- Commands: who acts -------------------------------------------------------------------


def test_a_command_without_user_or_system_is_refused_naming_both():
    with pytest.raises(CommandError, match="--user USERNAME .* or --system"):
        call_command("start_workflow", "task_suspend", stdout=StringIO())
    assert not Process.objects.exists()


def test_a_command_for_an_unknown_user_says_so():
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("start_workflow", "task_suspend", "--user", "nobody", stdout=StringIO())
    assert not Process.objects.exists()


def test_a_command_with_system_acts_as_system_cli(inline_engine):
    call_command("start_workflow", "task_suspend", "--system", stdout=StringIO())
    assert Process.objects.get().created_by == "system:cli"


# --- System identities: the scheduler and others have no user, and are recorded by name ---------


def test_the_scheduler_retries_waiting_processes_as_system_scheduler(inline_engine):
    from engine.maintenance import resume_waiting_processes

    process = ops.start_process("task_retry_step", [], actor=TESTS)
    inline_engine.drain()
    assert Process.objects.get(pk=process.pk).status == S.WAITING
    assert resume_waiting_processes()["retried"] == 1
    assert Process.objects.get(pk=process.pk).triggered_by == "retry by system:scheduler"


def test_the_nightly_schedule_starts_validation_as_system_scheduler(inline_engine):
    from workflows.tasks.validate_subscriptions import start_nightly_validation

    process = Process.objects.get(pk=start_nightly_validation())
    assert (process.created_by, process.triggered_by) == ("system:scheduler", "start by system:scheduler")


def test_a_system_actor_may_do_everything_and_is_named_in_the_history(inline_engine):
    actor = SystemActor("deploy")
    assert actor.has_perm("workflows.run_anything") and actor.get_username() == "system:deploy"
    assert SCHEDULER.get_username() == "system:scheduler"
    process = ops.start_process("task_suspend", [], actor=actor)
    assert ProcessInput.objects.get(process=process).created_by == "system:deploy"


def test_a_refusal_is_an_engine_error(inline_engine):
    assert issubclass(PermissionRefused, EngineError)  # every door already turns EngineError into its message
