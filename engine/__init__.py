"""The workflow engine, a Django app: authoring API (steps, step lists, forms, workflows),
runner, lease, queue, operations, and the pages and API of processes.

Workflow authors import from here. The engine knows nothing of subscriptions, products or
NetBox; the subscription workflow decorators, gating and subscription steps are the
lifecycle layer above it (`lifecycle`). Only modules that need no models are imported
here: this package is loaded while the app registry is being built.
"""

from engine.errors import (
    AbortWorkflow,
    ApiUnavailable,
    InconsistentData,
)
from engine.forms import ChoiceListField, FormPage, RequiredText, SummaryField, SummaryPage
from engine.state import State
from engine.steps import (
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
from engine.workflow import Target, task, workflow

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
