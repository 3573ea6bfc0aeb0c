"""What a new process starts from: its initial state and its workflow's row (created on
first use when the Workflow table has not been synced yet). Used by operations and by
branches (sub-workflows), so neither imports the other for it."""

from __future__ import annotations

import uuid

from engine.models import Workflow
from engine.workflow import WorkflowDefinition


def initial_state(definition: WorkflowDefinition, user: str, process_id=None) -> dict:
    """The state a process starts with; `user` is the recorded name (`actor_name(actor)`)."""
    return {
        "process_id": str(process_id or uuid.uuid4()),
        "workflow_key": definition.key,
        "workflow_target": definition.target.value,
        "created_by": user,
    }


def workflow_row(definition: WorkflowDefinition) -> Workflow:
    row, _ = Workflow.objects.get_or_create(
        key=definition.key,
        defaults={
            "description": definition.description,
            "target": definition.target.value,
            "is_task": definition.is_task,
        },
    )
    return row
