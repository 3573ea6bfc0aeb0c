"""Child processes: parallel branches and sub-workflows, and the join that resumes the parent.

A PARALLEL or SUBWORKFLOWS step starts one child process per branch (or per
sub-workflow), each picked up by whichever worker is free, and leaves the parent
`waiting`. The last child to complete merges the children's results into the parent's
state and re-queues the parent. A failed child is retried on its own; the parent waits.
"""

from __future__ import annotations

import uuid

from django.utils import timezone

from engine.models import Process, ProcessLease, ProcessStatus, StepStatus
from engine.steps import Step, StepKind

# Keys the engine sets in every process's state; they are not a branch's results.
BOOKKEEPING = {"process_id", "parent_process_id", "item", "item_index", "__callback_token", "callback_route"}


def start_children(parent: Process, step: Step) -> int:
    from engine.dispatch import enqueue
    from engine.lease import EXPIRED

    specs = _child_specs(parent, step)
    for spec in specs:
        child_id = uuid.uuid4()
        definition = spec.get("definition")  # sub-workflows: their own start checks apply
        if definition is not None and definition.check_start:
            definition.check_start(spec["state"])
        child = Process.objects.create(
            id=child_id,
            workflow=spec["workflow"],
            is_task=parent.is_task,
            plan=spec["plan"],
            state={**spec["state"], "process_id": str(child_id), "parent_process_id": str(parent.pk)},
            created_by=parent.created_by,
            triggered_by=f"{step.name} of {parent.pk}",
            parent=parent,
            parent_position=parent.position,
            branch_path=spec["branch_path"],
        )
        ProcessLease.objects.create(process=child, expires_at=EXPIRED)
        if definition is not None and definition.process_created:
            definition.process_created(child)
        enqueue(child.pk)
    return len(specs)


def _child_specs(parent: Process, step: Step) -> list[dict]:
    from engine.workflow import get_workflow

    occurrence = parent.plan[: parent.position].count(step.name)
    path = (parent.branch_path or []) + [[step.name, occurrence, None]]
    if step.kind == StepKind.SUBWORKFLOWS:
        return _subworkflow_specs(parent, step)
    definition = get_workflow(parent.workflow.key)
    if step.foreach_key:
        items = parent.state.get(step.foreach_key)
        if not isinstance(items, list):
            raise TypeError(
                f"foreach_parallel {step.name!r} needs a list in state[{step.foreach_key!r}], got {items!r}"
            )
        branches = [{**parent.state, "item": item, "item_index": i} for i, item in enumerate(items)]
    else:
        branches = [dict(parent.state) for _ in step.branches]
    specs = []
    for index, state in enumerate(branches):
        branch_path = [*path[:-1], [step.name, occurrence, index]]
        steps = definition.branch_steps(branch_path)
        if steps is None:
            raise ValueError(f"workflow {definition.key!r} has no parallel branch at {branch_path!r}")
        specs.append(
            {"workflow": parent.workflow, "plan": steps.names, "state": state, "branch_path": branch_path}
        )
    return specs


def _subworkflow_specs(parent: Process, step: Step) -> list[dict]:
    from engine.forms import post_form
    from engine.process_start import initial_state, workflow_row
    from engine.workflow import get_workflow

    requests = step.runnable()(**step.kwargs(parent.state)) or []
    specs = []
    for request in requests:
        definition = get_workflow(request["workflow"])
        state = initial_state(definition, parent.created_by)
        form = post_form(definition.initial_input_form, state, request.get("input", []))
        specs.append(
            {
                "workflow": workflow_row(definition),
                "definition": definition,
                "plan": definition.steps.names,
                "state": {**state, **form.values},
                "branch_path": None,
            }
        )
    return specs


def child_completed(child: Process) -> None:
    """Called in the completing child's transaction: join if every sibling is done."""
    from engine.dispatch import enqueue
    from engine.recording import record_step
    from engine.workflow import get_workflow

    if child.parent_id is None:
        raise ValueError(f"process {child.pk} is no child process: there is no parent to join")
    parent = Process.objects.select_for_update().select_related("workflow").get(pk=child.parent_id)
    if parent.status != ProcessStatus.WAITING or parent.position != child.parent_position:
        return
    siblings = list(parent.children.filter(parent_position=parent.position).exclude(pk=child.pk))
    if any(s.status != ProcessStatus.COMPLETED for s in siblings):
        return
    children = sorted([*siblings, child], key=_branch_order)
    definition = get_workflow(parent.workflow.key)
    step = definition.resolve(parent.plan, parent.position, parent.branch_path)
    if step is None:
        raise ValueError(f"process {parent.pk} waits at a step workflow {definition.key!r} no longer has")
    parent.triggered_by = f"join of {len(children)} child process(es)"
    record_step(
        parent, step, StepStatus.SUCCESS, _joined_state(parent, step, children), timezone.now(), advance=True
    )
    parent.resume()
    parent.save()
    enqueue(parent.pk)


def _branch_order(child: Process):
    return (child.branch_path[-1][2] if child.branch_path else 0, child.started_at)


def _result(child: Process, base: dict) -> dict:
    return {k: v for k, v in child.state.items() if k not in BOOKKEEPING and base.get(k, object()) != v}


def _joined_state(parent: Process, step: Step, children: list[Process]) -> dict:
    state = dict(parent.state)
    if step.kind == StepKind.SUBWORKFLOWS:
        state["subworkflow_results"] = [
            {"process_id": str(c.pk), "workflow": c.workflow.key, "state": _result(c, {})} for c in children
        ]
    elif step.foreach_key:
        state[f"{step.foreach_key}_results"] = [_result(c, parent.state) for c in children]
    else:
        for child in children:
            state.update(_result(child, parent.state))
    return state
