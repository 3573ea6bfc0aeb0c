# About 300 lines on purpose: every operation a door may call, each with its permission check, in one place.
"""What callers (admin, REST, GraphQL, commands, tasks) can do with processes.

Every operation validates first and writes nothing when it refuses: the refusals are
EngineError subclasses whose message says what was wrong and what is allowed.

Every operation takes the acting `actor` (a django User, or a SystemActor for the
scheduler, recovery, callbacks) and checks its permission here, before anything is
written: `workflows.run_<key>` (or `workflows.run_any_workflow`) for the processes of a
workflow. A child process (parallel branch, sub-workflow) is part of its top-level
process's run: acting on it needs the top-level workflow's permission, so retrying or
aborting a parent also retries or aborts its children under the same check.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import transaction
from django.utils import timezone

from engine import events, progress
from engine.actors import CALLBACK, Actor, actor_name, authorize, require_permission
from engine.dispatch import enqueue
from engine.errors import (
    CallbackTokenInvalid,
    EnginePaused,
    InvalidTransition,
    ProcessNotFound,
)
from engine.forms import post_form
from engine.lease import EXPIRED
from engine.models import (
    RETRYABLE,
    UNFINISHED,
    EngineSettings,
    Process,
    ProcessInput,
    ProcessLease,
    ProcessStatus,
    StepStatus,
)
from engine.process_start import initial_state, workflow_row
from engine.recording import record_step
from engine.steps import Step, StepKind
from engine.workflow import get_workflow

S = ProcessStatus


def start_process(workflow_key: str, user_inputs: list | None = None, *, actor: Actor) -> Process:
    """Validate every form page, then create the process and queue it. Returns at once.

    Raises UnknownWorkflow, PermissionRefused, EnginePaused, FormNotComplete (more pages to
    fill), FormValidationError, or what the workflow's `check_start` refuses with (a
    subscription workflow on a subscription it may not run on); in each case nothing is written.
    """
    definition = get_workflow(workflow_key)
    authorize(actor, definition.key, f"start workflow {definition.key!r}")
    user = actor_name(actor)
    if EngineSettings.get().paused:
        raise EnginePaused()
    process_id = uuid.uuid4()
    state = initial_state(definition, user, process_id)
    form = post_form(definition.initial_input_form, state, list(user_inputs or []))
    state.update(form.values)
    atomic = transaction.atomic()
    with atomic:
        if definition.check_start:
            definition.check_start(state)
        process = Process(
            id=process_id,
            is_task=definition.is_task,
            plan=definition.steps.names,
            state=state,
            created_by=user,
            triggered_by=f"start by {user}",
        )
        lease = ProcessLease(process=process, expires_at=EXPIRED)
        initial = ProcessInput(
            process=process, kind=ProcessInput.Kind.INITIAL, data=user_inputs or [], created_by=user
        )
        # One statement (and the COMMIT with it when nothing else is to be written in this transaction).
        commit = not definition.process_created and progress.outermost(atomic)
        if not progress.insert_process(process, definition.key, lease, initial, commit=commit):
            workflow_row(definition)  # not mirrored yet (a database migrated before the workflow existed)
            progress.insert_process(process, definition.key, lease, initial, commit=commit)
        if definition.process_created:
            definition.process_created(process)
        enqueue(process.pk)
    events.emit("process.started", process, workflow=definition.key)
    return process


def _locked(process_id) -> Process:
    try:
        return Process.objects.select_for_update().select_related("workflow").get(pk=process_id)
    except (Process.DoesNotExist, ValueError, TypeError):
        raise ProcessNotFound(process_id) from None


def _authorized(process_id, actor: Actor, doing: str) -> Process:
    """The process, locked, once the actor may act on it (else PermissionRefused, nothing written)."""
    process = _locked(process_id)
    authorize(
        actor, governing_workflow_key(process), f"{doing} process {process.pk} ({process.workflow.key})"
    )
    return process


def governing_workflow_key(process: Process) -> str:
    """The workflow whose permission covers the process: its top-level process's."""
    key, parent_id = process.workflow.key, process.parent_id
    while parent_id:
        key, parent_id = Process.objects.filter(pk=parent_id).values_list("workflow__key", "parent_id").get()
    return key


def current_step(process: Process) -> Step | None:
    return get_workflow(process.workflow.key).resolve(process.plan, process.position, process.branch_path)


def step_of(process: Process) -> Step:
    """The step the process stands at, which today's code must still have (to take its input)."""
    step = current_step(process)
    if step is None:
        raise InvalidTransition(
            f"Process {process.pk} stands at step {process.plan[process.position]!r}, "
            f"which workflow {process.workflow.key!r} no longer has"
        )
    return step


def resume_process(process_id, user_inputs: list | None = None, *, actor: Actor) -> Process:
    """Give a suspended process the input its step asks for, and queue it."""
    user = actor_name(actor)
    if EngineSettings.get().paused:
        raise EnginePaused()
    with transaction.atomic():
        process = _authorized(process_id, actor, "resume")
        if process.status != S.SUSPENDED:
            raise InvalidTransition(
                f"Process {process.pk} is {process.status}; only a suspended process takes input"
                + (" (use retry for a failed one)" if process.status in RETRYABLE else "")
            )
        step = step_of(process)
        form = post_form(step.func, step.scoped_state(process.state), list(user_inputs or []))
        process.triggered_by = f"resume by {user}"
        new_state = step.merge_result(process.state, form.values)
        record_step(process, step, StepStatus.SUCCESS, new_state, timezone.now(), advance=True)
        ProcessInput.objects.create(
            process=process, kind=ProcessInput.Kind.RESUME, data=user_inputs or [], created_by=user
        )
        process.resume()
        process.save()
        enqueue(process.pk)
    events.emit("process.resumed", process, step.name)
    return process


def retry_process(process_id, *, actor: Actor) -> Process:
    """Run a failed or waiting process again from its failed step."""
    user = actor_name(actor)
    if EngineSettings.get().paused:
        raise EnginePaused()
    with transaction.atomic():
        process = _authorized(process_id, actor, "retry")
        if process.status not in RETRYABLE:
            raise InvalidTransition(
                f"Process {process.pk} is {process.status}; only a process that is "
                f"{', '.join(RETRYABLE)} can be retried"
            )
        step = current_step(process)
        if (
            step
            and step.kind in (StepKind.PARALLEL, StepKind.SUBWORKFLOWS)
            and process.children.filter(parent_position=process.position).exists()
        ):
            # The children exist: retry the failed ones; the last to complete resumes the parent.
            if process.status != S.WAITING:
                process.wait()
                process.save()
            if not retry_children(process, actor):
                raise InvalidTransition(
                    f"Process {process.pk} is waiting for child processes that are still running"
                )
            return process
        process.triggered_by = f"retry by {user}"
        process.recovery_count = 0  # an operator looked: dead workers are counted afresh
        process.resume()
        process.save()
        enqueue(process.pk)
    events.emit("process.retried", process, step.name if step else "")
    return process


def abort_process(process_id, *, actor: Actor, reason: str = "") -> Process:
    """End an unfinished process; its subscriptions stay out of sync, visibly."""
    user = actor_name(actor)
    with transaction.atomic():
        process = _authorized(process_id, actor, "abort")
        if process.status not in UNFINISHED:
            raise InvalidTransition(
                f"Process {process.pk} is {process.status}; only an unfinished process can be aborted"
            )
        process.triggered_by = f"abort by {user}"
        abort_step = Step(name="Abort", kind=StepKind.ABORT)
        record_step(process, abort_step, StepStatus.ABORT, process.state, timezone.now())
        process.failed_reason = f"Aborted by {user}" + (f": {reason}" if reason else "")
        process.abort()
        process.save()
        for child in process.children.exclude(status__in=[S.COMPLETED, S.ABORTED]):
            abort_process(child.pk, actor=actor, reason=f"parent process {process.pk} aborted")
    events.emit("process.aborted", process, reason=process.failed_reason)
    return process


def skip_step(process_id, reason: str, *, actor: Actor) -> Process:
    """Skip a failed step after fixing things by hand; the reason is kept in the step log."""
    user = actor_name(actor)
    if not (reason or "").strip():
        raise InvalidTransition("Skipping a step needs a reason (what was fixed by hand, and by whom)")
    with transaction.atomic():
        process = _authorized(process_id, actor, "skip the failed step of")
        if (
            process.status not in RETRYABLE
            or process.children.filter(parent_position=process.position).exists()
        ):
            raise InvalidTransition(
                f"Process {process.pk} is {process.status}; only a failed step (not one waiting for child "
                "processes) "
                "can be skipped"
            )
        step = current_step(process) or Step(name=process.plan[process.position], kind=StepKind.STEP)
        process.triggered_by = f"skip by {user}"
        row = record_step(process, step, StepStatus.SKIPPED, process.state, timezone.now(), advance=True)
        row.error = f"Skipped by {user}: {reason.strip()}"
        row.save(update_fields=["error"])
        process.resume()
        process.save()
        enqueue(process.pk)
    events.emit("process.step_skipped", process, step.name, reason=reason.strip())
    return process


def deliver_callback(process_id, token: str, data: dict, actor: Actor = CALLBACK) -> Process:
    """An external system reports back: its data lands in state["callback_result"].

    The token in the callback URL is the credential (no user): the actor only names who
    delivered it in the history."""
    user = actor_name(actor)
    with transaction.atomic():
        process = _callback_process(process_id, token)
        step = step_of(process)
        state = {k: v for k, v in process.state.items() if k != "__callback_token"}
        state["callback_result"] = data
        process.triggered_by = f"callback by {user}"
        record_step(process, step, StepStatus.SUCCESS, state, timezone.now(), advance=True)
        ProcessInput.objects.create(
            process=process, kind=ProcessInput.Kind.CALLBACK, data=data, created_by=user
        )
        process.callback_deadline = None
        process.resume()
        process.save()
        enqueue(process.pk)
    events.emit("process.callback_delivered", process, step.name if step else "")
    return process


def report_callback_progress(process_id, token: str, progress) -> Process:
    with transaction.atomic():
        process = _callback_process(process_id, token)
        process.callback_progress = progress
        process.save(update_fields=["callback_progress", "last_modified_at"])
    return process


def _callback_process(process_id, token: str) -> Process:
    process = _locked(process_id)
    expected = process.state.get("__callback_token", "")
    if process.status != S.AWAITING_CALLBACK or not secrets.compare_digest(str(token), str(expected)):
        raise CallbackTokenInvalid()
    return process


ENGINE_PERMISSION = "workflows.change_enginesettings"


def pause_engine(*, actor: Actor) -> None:
    require_permission(actor, ENGINE_PERMISSION, "pause the engine")
    user = actor_name(actor)
    settings = EngineSettings.get()
    settings.paused, settings.paused_by = True, user
    settings.save()
    events.logger.warning("engine paused by %s", user, extra={"event": "engine.paused", "user": user})


def resume_engine(*, actor: Actor) -> int:
    """Unpause, and queue every process the pause held back; returns how many."""
    require_permission(actor, ENGINE_PERMISSION, "resume the engine")
    user = actor_name(actor)
    settings = EngineSettings.get()
    settings.paused, settings.paused_by = False, ""
    settings.save()
    held = Process.objects.filter(status__in=[S.CREATED, S.RESUMED]).values_list("pk", flat=True)
    for pk in held:
        enqueue(pk)
    events.logger.warning(
        "engine resumed by %s; %d processes queued again",
        user,
        len(held),
        extra={"event": "engine.resumed", "user": user, "queued": len(held)},
    )
    return len(held)


def retry_children(parent: Process, actor) -> int:
    """Retry the failed children of a waiting parent as the parent's actor (whose permission
    on the parent covers them); returns how many were retried."""
    retried = 0
    for child in parent.children.filter(parent_position=parent.position):
        if child.status in (
            ProcessStatus.FAILED,
            ProcessStatus.WAITING,
            ProcessStatus.API_UNAVAILABLE,
            ProcessStatus.INCONSISTENT_DATA,
        ):
            retry_process(child.pk, actor=actor)
            retried += 1
    return retried
