import graphene
from graphene.types.generic import GenericScalar
from graphene_django import DjangoObjectType

from engine.models import Process, ProcessStep, Workflow
from engine.permissions import may_run
from engine.process_details import pending_form, step_deltas
from subscriptions.bulk_loading import SubscriptionPage
from subscriptions.graphql.types import SubscriptionInterface, remember_page


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
        fields = [
            "id",
            "name",
            "group",
            "status",
            "state",
            "error",
            "started_at",
            "completed_at",
            "triggered_by",
            "code_version",
            "retry_count",
        ]
        convert_choices_to_enum = False

    def resolve_delta(step, info):
        return getattr(step, "delta", {})


class ProcessType(DjangoObjectType):
    workflow_key = graphene.String(required=True)
    current_state = GenericScalar()
    steps = graphene.List(graphene.NonNull(ProcessStepType), required=True)
    form = GenericScalar(description="JSON Schema of the form a suspended step waits for")
    subscriptions = graphene.List(
        graphene.NonNull(SubscriptionInterface),
        required=True,
        description="The subscriptions the process works on",
    )

    class Meta:
        model = Process
        fields = [
            "id",
            "workflow",
            "status",
            "is_task",
            "last_step",
            "failed_reason",
            "traceback",
            "created_by",
            "triggered_by",
            "started_at",
            "last_modified_at",
            "note",
            "parent",
            "callback_progress",
        ]
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

    def resolve_subscriptions(process, info):
        """For a page of processes, the subscriptions of all of them are loaded at once."""
        batch = next((b for b in getattr(info.context, "process_batches", []) if process in b), [process])
        if not getattr(batch, "subscriptions_loaded", False):
            linked = [link.subscription for p in batch for link in p.process_subscriptions.all()]
            if linked:
                remember_page(info, SubscriptionPage(linked))  # types them in place, trees loaded
            if isinstance(batch, ProcessBatch):
                batch.subscriptions_loaded = True
        return [link.subscription for link in process.process_subscriptions.all()]


class ProcessBatch(list):
    """A page of processes, kept on the request so their subscriptions load together."""

    subscriptions_loaded = False


def remember_processes(info, processes: list) -> list:
    batches = getattr(info.context, "process_batches", None)
    if batches is None:
        batches = info.context.process_batches = []
    batches.append(ProcessBatch(processes))
    return processes
