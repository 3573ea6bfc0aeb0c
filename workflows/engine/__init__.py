"""The workflow engine: authoring API (steps, step lists, forms, workflows) and runner.

Workflow authors import from here; the engine knows nothing of products or NetBox.
"""

from workflows.engine.errors import (
    AbortWorkflow,
    ApiUnavailable,
    InconsistentData,
)
from workflows.engine.forms import ChoiceListField, FormPage, SummaryField, SummaryPage
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
from workflows.engine.workflow import Target, task, workflow

__all__ = [
    "AbortWorkflow",
    "ApiUnavailable",
    "ChoiceListField",
    "FormPage",
    "InconsistentData",
    "State",
    "StepList",
    "SummaryField",
    "SummaryPage",
    "Target",
    "abort",
    "begin",
    "callback_step",
    "conditional",
    "done",
    "focussteps",
    "foreach_parallel",
    "init",
    "inputstep",
    "parallel",
    "retrystep",
    "step",
    "step_group",
    "subworkflows",
    "task",
    "workflow",
]
