import graphene
from graphene.types.generic import GenericScalar
from graphene_django import DjangoObjectType

from workflows.models import Process, ProcessStep, Workflow
from workflows.permissions import may_run
from workflows.process_details import pending_form, step_deltas


class WorkflowType(DjangoObjectType):
    may_run = graphene.Boolean(required=True, description="Whether the caller may start this workflow")

    class Meta:
        model = Workflow
        fields = ["id", "key", "description", "target", "is_task", "products", "created_at", "removed_at"]

    def resolve_may_run(workflow, info):
        return may_run(info.context.user, workflow.key)


class ProcessStepType(DjangoObjectType):
    state = GenericScalar()
    delta = GenericScalar(description="What the step added or changed in the state")

    class Meta:
        model = ProcessStep
        fields = ["id", "name", "group", "status", "state", "error", "started_at", "completed_at", "triggered_by",
                  "code_version", "retry_count"]  # fmt: skip
        convert_choices_to_enum = False

    def resolve_delta(step, info):
        return getattr(step, "delta", {})


class ProcessType(DjangoObjectType):
    workflow_key = graphene.String(required=True)
    current_state = GenericScalar()
    steps = graphene.List(graphene.NonNull(ProcessStepType), required=True)
    form = GenericScalar(description="JSON Schema of the form a suspended step waits for")

    class Meta:
        model = Process
        fields = ["id", "workflow", "status", "is_task", "last_step", "failed_reason", "traceback", "created_by",
                  "triggered_by", "started_at", "last_modified_at", "note", "parent", "callback_progress"]  # fmt: skip
        convert_choices_to_enum = False

    def resolve_workflow_key(process, info):
        return process.workflow.key

    def resolve_current_state(process, info):
        return process.state

    def resolve_steps(process, info):
        steps = list(process.steps.all())
        for step, delta in zip(steps, step_deltas(steps), strict=True):
            step.delta = delta
        return steps

    def resolve_form(process, info):
        return pending_form(process)
