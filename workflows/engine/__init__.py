"""The workflow engine: authoring API (steps, step lists, forms, workflows) and runner.

Workflow authors import from here. The engine core (steps, state, runner) knows nothing of
products or NetBox; the subscription workflow decorators and gating are the layer that
joins it to subscriptions (`subscription_workflows`, `subscription_steps`, `gating`).
"""

from workflows.engine.errors import (
    AbortWorkflow,
    ApiUnavailable,
    InconsistentData,
)
from workflows.engine.forms import ChoiceListField, FormPage, RequiredText, SummaryField, SummaryPage
from workflows.engine.state import State
from workflows.engine.steps import (
    StepList,
    abort,
    begin,
    callback_step,
    conditional,
    done,
    focussteps,
    foreach_parallel,
    init,
    inputstep,
    parallel,
    retrystep,
    step,
    step_group,
    subworkflows,
)
from workflows.engine.subscription_steps import (
    ensure_provisioning_status,
    new_subscription,
    resync,
    set_status,
    store_process_subscription,
    unsync,
)
from workflows.engine.subscription_workflows import (
    create_workflow,
    modify_workflow,
    reconcile_workflow,
    terminate_workflow,
    validate_workflow,
)
from workflows.engine.workflow import Target, task, workflow

__all__ = [
    "AbortWorkflow",
    "ApiUnavailable",
    "ChoiceListField",
    "FormPage",
    "InconsistentData",
    "RequiredText",
    "State",
    "StepList",
    "SummaryField",
    "SummaryPage",
    "Target",
    "abort",
    "begin",
    "callback_step",
    "conditional",
    "create_workflow",
    "done",
    "ensure_provisioning_status",
    "focussteps",
    "foreach_parallel",
    "init",
    "inputstep",
    "modify_workflow",
    "new_subscription",
    "parallel",
    "reconcile_workflow",
    "resync",
    "retrystep",
    "set_status",
    "step",
    "step_group",
    "store_process_subscription",
    "subworkflows",
    "task",
    "terminate_workflow",
    "unsync",
    "validate_workflow",
    "workflow",
]
