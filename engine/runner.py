"""The runner: advances a process step by step on a django-q2 worker.

`run_process` is the only task the queue carries. It takes the process's lease, then
runs steps one at a time, each in its own transaction that locks the process row,
re-reads where the process stands, runs the step body, and stores the step row and the
new state. A crash at any point leaves either the whole step or none of it, and the
next worker to get the process continues from the last committed step. Running a
redelivered or duplicated task is harmless: it finds the lease taken or nothing to do.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from engine import branches, events, lease, progress
from engine.hooks import step_context
from engine.models import RUNNABLE, Process, ProcessStatus, ProcessStep, StepStatus
from engine.progress_protocol import PROGRESS_FIELDS

if TYPE_CHECKING:
    from engine.progress_protocol import LockedProcess
from engine.recording import record_failure, record_step
from engine.steps import Step, StepKind
from engine.workflow import get_workflow

logger = logging.getLogger(__name__)


def run_process(process_id: str) -> str:
    """The queue task: run the process until it completes, stops, or waits for something."""
    owner = lease.new_owner()
    if not lease.acquire(process_id, owner):
        events.emit(
            "process.skipped", process_id, level=logging.DEBUG, outcome="lease held by another worker"
        )
        return "lease held by another worker"
    outcome = "stopped"
    run = ProcessRun(process_id, owner)
    try:
        with events.log_context(process_id=str(process_id)), lease.Heartbeat(process_id, owner):
            while (outcome := run.advance()) == "continue":
                pass
    finally:
        if not run.lease_released:
            lease.release(process_id, owner)
        events.emit("process.stopped", process_id, outcome=outcome, worker=owner)
    return outcome


class StepFailed(Exception):
    """Carries a step's exception out of its transaction, so that all the step did is
    rolled back before the failure is recorded in a transaction of its own."""

    def __init__(self, step: Step, error: Exception, started_at):
        super().__init__(str(error))
        self.step, self.error, self.started_at = step, error, started_at


def _lock(process_id) -> LockedProcess:
    """One query: lock the process, and read all of it, its workflow, who holds its lease and
    whether the engine is paused."""
    process = progress.lock_whole(process_id)
    if process is None:
        raise Process.DoesNotExist(f"No process {process_id}")
    return process


class ProcessRun:
    """One worker's run of one process: its steps, each in a transaction of its own.

    Every step locks the process row and checks where the process stands before it runs.
    The run keeps the process as it wrote it after each step, so the lock is a small
    query: only when the row is not as this run left it (an operator aborted it, the
    recovery touched it) is the whole row read again.
    """

    def __init__(self, process_id, owner: str):
        self.process_id = process_id
        self.owner = owner
        self.process: LockedProcess | None = None  # as committed by this run's last step
        self.lease_released = False

    def advance(self) -> str:
        """Run the next step in one transaction; "continue" when there is another to run."""
        try:
            return self._advance()
        except progress.LeaseLost:
            return "lease lost"  # the step's write was refused and rolled back (the portable way)
        except StepFailed as failure:
            with transaction.atomic():
                process = _lock(self.process_id)
                if process.lease_owner != self.owner or process.status not in RUNNABLE:
                    return "lease lost"  # or aborted meanwhile: nothing to record
                process.run()
                record_failure(process, failure.step, failure.error, failure.started_at)
                process.save(update_fields=PROGRESS_FIELDS)
                return process.status

    def _locked(self) -> LockedProcess:
        """Lock the process row; the process as it is in it, with `lease_owner` and `engine_paused`."""
        held, self.process = self.process, None  # whatever happens next, only a committed step restores it
        if held is not None:
            standing = progress.lock(self.process_id)
            if standing is not None and (standing.status, standing.position, standing.last_modified_at) == (
                held.status,
                held.position,
                held.last_modified_at,
            ):
                held.lease_owner, held.engine_paused = standing.lease_owner, standing.engine_paused
                return held
        return _lock(self.process_id)

    def _advance(self) -> str:
        atomic = transaction.atomic()
        with atomic:
            process = self._locked()
            if process.lease_owner != self.owner:
                return "lease lost"
            if process.status not in RUNNABLE:
                return process.status
            if process.engine_paused:
                if process.status == ProcessStatus.RUNNING:
                    process.resume()  # queued again; the engine's resume re-enqueues it
                    process.save()
                return "engine paused"
            process.run()
            definition = get_workflow(process.workflow.key)
            step = definition.resolve(process.plan, process.position, process.branch_path)
            if step is None:
                missing = process.plan[process.position]
                record_failure(
                    process,
                    _placeholder(missing),
                    LookupError(
                        f"Step {missing!r} of this process's plan is no longer in workflow "
                        f"{definition.key!r}; "
                        "deploy a version that has it, or skip it with a reason"
                    ),
                    timezone.now(),
                )
                process.save()
                return process.status
            outcome, row = execute(process, step)
            last = outcome != "continue"
            progress.save(process, row, owner=self.owner, release=last, commit=progress.outermost(atomic))
        self.lease_released = last
        self.process = process
        return outcome


def _placeholder(name: str) -> Step:
    return Step(name=name, kind=StepKind.STEP)


def execute(process: Process, step: Step) -> tuple[str, ProcessStep | None]:
    """Run one step against the locked process: the outcome, and the step's row, unsaved
    (the caller writes it together with the process)."""
    started = timezone.now()
    state = process.state
    if not step.should_run(state):
        return "continue", record_step(
            process, step, StepStatus.SKIPPED, state, started, advance=True, write=False
        )
    match step.kind:
        case StepKind.STEP | StepKind.RETRY:
            try:
                with step_context(process, step.name, process.created_by):
                    new_state = step.apply(state)
            except Exception as exc:  # noqa: BLE001 - every failure is recorded with its traceback
                raise StepFailed(step, exc, started) from exc
            return "continue", record_step(
                process, step, StepStatus.SUCCESS, new_state, started, advance=True, write=False
            )
        case StepKind.INPUT:
            row = record_step(process, step, StepStatus.SUSPEND, state, started, write=False)
            process.suspend()
            return process.status, row
        case StepKind.AWAIT_CALLBACK:
            row = record_step(process, step, StepStatus.AWAITING_CALLBACK, state, started, write=False)
            process.callback_deadline = timezone.now() + timedelta(seconds=step.timeout or 3600)
            process.await_callback()
            return process.status, row
        case StepKind.PARALLEL | StepKind.SUBWORKFLOWS:
            try:
                with transaction.atomic():
                    count = branches.start_children(process, step)
            except Exception as exc:  # noqa: BLE001
                record_failure(process, step, exc, started)
                return process.status, None
            row = record_step(process, step, StepStatus.WAITING, state, started, write=False)
            process.failed_reason = f"Waiting for {count} child process(es) to complete"
            process.wait()
            return process.status, row
        case StepKind.ABORT:
            row = record_step(process, step, StepStatus.ABORT, state, started, advance=True, write=False)
            process.abort()
            return process.status, row
        case StepKind.DONE:
            row = record_step(process, step, StepStatus.COMPLETE, state, started, advance=True, write=False)
            process.complete()
            if process.parent_id:
                branches.child_completed(process)
            return process.status, row
    raise ValueError(f"unknown step kind {step.kind!r}")
