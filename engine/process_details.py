"""What the API, GraphQL and the command line show about a process beyond its columns:
the form a suspended step waits for, and what each step changed in the state."""

from __future__ import annotations

from engine.errors import UnknownWorkflow
from engine.forms import NextPage, page_schema, replay
from engine.models import Process, ProcessStatus
from engine.operations import current_step
from engine.steps import StepKind

_MISSING = object()


def pending_form(process: Process) -> dict | None:
    """JSON Schema of the first page a suspended input step asks for; None otherwise.

    Resuming takes the list of every page's input, like starting does; this is the first."""
    if process.status != ProcessStatus.SUSPENDED:
        return None
    try:
        step = current_step(process)
    except (UnknownWorkflow, IndexError):  # the code no longer has the workflow or the step
        return None
    if step is None or step.kind != StepKind.INPUT:
        return None
    outcome = replay(step.func, step.scoped_state(process.state), [])
    return page_schema(outcome.form_class) if isinstance(outcome, NextPage) else None


def state_delta(before: dict, after: dict) -> dict:
    """The keys a step added or changed (with their new value) and removed (as None)."""
    delta = {k: v for k, v in after.items() if before.get(k, _MISSING) != v}
    delta.update({k: None for k in before if k not in after})
    return delta


def step_deltas(steps) -> list[dict]:
    """For steps in execution order, what each changed relative to the one before.

    A failed step stores no state (only its error): its delta is empty."""
    deltas: list[dict] = []
    previous: dict = {}
    for step in steps:
        if step.error:
            deltas.append({})
            continue
        deltas.append(state_delta(previous, step.state))
        previous = step.state
    return deltas
