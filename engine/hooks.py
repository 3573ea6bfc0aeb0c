"""Extension points through which higher layers join in each step without the engine
knowing them: e.g. the subscription layer records history with the process and step."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager

from engine.events import log_context

# factory(process, step_name, user) -> context manager entered around each step body
StepContextFactory = Callable[[object, str, str], AbstractContextManager]

_step_contexts: list[StepContextFactory] = []


def register_step_context(factory: StepContextFactory) -> None:
    if factory not in _step_contexts:
        _step_contexts.append(factory)


@contextlib.contextmanager
def step_context(process, step_name: str, user: str):
    with contextlib.ExitStack() as stack:
        # Whatever the step body logs names the process, the step and the user.
        stack.enter_context(log_context(process_id=str(process.pk), step=step_name, user=str(user)))
        for factory in _step_contexts:
            stack.enter_context(factory(process, step_name, user))
        yield


# sync(workflow_row, definition) -> True if it changed the row; run for every declared
# workflow when the Workflow table is synced (e.g. the lifecycle layer's offered products).
WorkflowRowSync = Callable[[object, object], bool]

_workflow_row_syncs: list[WorkflowRowSync] = []


def register_workflow_row_sync(sync: WorkflowRowSync) -> None:
    if sync not in _workflow_row_syncs:
        _workflow_row_syncs.append(sync)


def sync_workflow_row(row, definition) -> bool:
    """Run every registered sync on a Workflow row; True if any changed it."""
    changed = [sync(row, definition) for sync in _workflow_row_syncs]
    return any(changed)
