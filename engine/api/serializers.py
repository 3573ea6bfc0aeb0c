from datetime import datetime
from typing import overload

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engine.errors import UnknownWorkflow
from engine.models import EngineSettings, Process, ProcessStatus, ProcessStep, StepStatus, Workflow
from engine.permissions import may_run
from engine.process_details import pending_form, step_deltas
from engine.workflow import Target, get_workflow
from subscriptions.api.serializers import ProcessSubscriptionSerializer

TARGETS = [target.value for target in Target]
ASSIGNEES = ["NOC", "SYSTEM", "CHANGES", "KLANTSUPPORT"]  # orchestrator-core's Assignee


@overload
def unix_timestamp(moment: datetime) -> float: ...


@overload
def unix_timestamp(moment: datetime | None) -> float | None: ...


def unix_timestamp(moment: datetime | None) -> float | None:
    """A time as orchestrator-core sends its times: seconds since the epoch (its fields of
    format unix-timestamp). Only for fields named as theirs that we did not have before; our
    own time fields stay ISO 8601 (docs/api.md, deviations)."""
    return moment.timestamp() if moment is not None else None


class WorkflowSerializer(serializers.ModelSerializer):
    products: serializers.RelatedField | serializers.ManyRelatedField = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    may_run = serializers.SerializerMethodField(help_text="Whether the caller may start this workflow")
    # orchestrator-core's names (its WorkflowSchema): the workflow key is its name.
    workflow_id = serializers.IntegerField(source="id", read_only=True, help_text="The same as id")
    name = serializers.CharField(source="key", read_only=True, help_text="The same as key")
    target = serializers.ChoiceField(choices=TARGETS, read_only=True)

    class Meta:
        model = Workflow
        fields = [
            "id",
            "key",
            "description",
            "target",
            "is_task",
            "products",
            "created_at",
            "removed_at",
            "may_run",
            "workflow_id",
            "name",
        ]

    def get_may_run(self, workflow) -> bool:
        return may_run(self.context["request"].user, workflow.key)


class WorkflowStepNameSerializer(serializers.Serializer):
    name = serializers.CharField()


class WorkflowDetailSerializer(WorkflowSerializer):
    """A workflow with the names of its steps, from its definition in code (only here: building
    a definition's steps may read the catalogue, which a listing should not do per row)."""

    steps = serializers.SerializerMethodField(help_text="Its top-level steps in order; null when not in code")

    class Meta(WorkflowSerializer.Meta):
        fields = WorkflowSerializer.Meta.fields + ["steps"]

    @extend_schema_field(WorkflowStepNameSerializer(many=True, allow_null=True))
    def get_steps(self, workflow) -> list | None:
        try:
            definition = get_workflow(workflow.key)
        except UnknownWorkflow:  # removed from code: the row stays for the processes that ran it
            return None
        return [{"name": step.name} for step in definition.steps.steps]


class ProcessStepSerializer(serializers.ModelSerializer):
    delta = serializers.SerializerMethodField(help_text="What the step added or changed in the state")
    status = serializers.ChoiceField(choices=StepStatus.choices, read_only=True)
    state = serializers.DictField(read_only=True, help_text="The whole state after the step")
    # The same facts under orchestrator-core's names (its ProcessStepSchema), its times as unix timestamps.
    step_id = serializers.IntegerField(source="id", read_only=True, help_text="The same as id")
    state_delta = serializers.SerializerMethodField(help_text="The same as delta")
    created_by = serializers.CharField(
        source="triggered_by", read_only=True, help_text="The same as triggered_by"
    )
    commit_hash = serializers.CharField(
        source="code_version", read_only=True, help_text="The same as code_version"
    )
    started = serializers.SerializerMethodField(help_text="started_at in seconds since the epoch")
    completed = serializers.SerializerMethodField(help_text="completed_at in seconds since the epoch")
    executed = serializers.SerializerMethodField(help_text="The same as completed")

    class Meta:
        model = ProcessStep
        fields = [
            "id",
            "name",
            "group",
            "status",
            "state",
            "delta",
            "error",
            "started_at",
            "completed_at",
            "triggered_by",
            "code_version",
            "retry_count",
            "step_id",
            "state_delta",
            "created_by",
            "commit_hash",
            "started",
            "completed",
            "executed",
        ]

    @extend_schema_field(serializers.DictField())
    def get_delta(self, step) -> dict:
        return self.context["deltas"][step.pk]

    @extend_schema_field(serializers.DictField())
    def get_state_delta(self, step) -> dict:
        return self.context["deltas"][step.pk]

    def get_started(self, step) -> float:
        return unix_timestamp(step.started_at)

    def get_completed(self, step) -> float:
        return unix_timestamp(step.completed_at)

    def get_executed(self, step) -> float:
        return unix_timestamp(step.completed_at)


class ProcessSerializer(serializers.ModelSerializer):
    """A process in a listing, with the subscriptions it works on: our fields, and every field of
    orchestrator-core's ProcessSchema (docs/api.md), so that its clients read it unchanged."""

    workflow_key = serializers.CharField(source="workflow.key", read_only=True)
    workflow_description = serializers.CharField(source="workflow.description", read_only=True)
    status = serializers.ChoiceField(choices=ProcessStatus.choices, read_only=True)
    subscriptions = serializers.SerializerMethodField()
    # orchestrator-core's names. Our status vocabulary is theirs, value for value.
    process_id = serializers.UUIDField(source="id", read_only=True, help_text="The same as id")
    last_status = serializers.ChoiceField(
        source="status", choices=ProcessStatus.choices, read_only=True, help_text="The same as status"
    )
    workflow_id = serializers.IntegerField(source="workflow.id", read_only=True)
    workflow_name = serializers.CharField(
        source="workflow.key", read_only=True, help_text="The same as workflow_key"
    )
    workflow_target = serializers.ChoiceField(source="workflow.target", choices=TARGETS, read_only=True)
    assignee = serializers.SerializerMethodField(
        help_text="Who the process waits for: NOC while suspended for a person's input, else SYSTEM"
    )
    product_id = serializers.SerializerMethodField(help_text="The first subscription's product, or null")
    customer_id = serializers.SerializerMethodField(help_text="The first subscription's customer id, or null")

    class Meta:
        model = Process
        fields = [
            "id",
            "workflow_key",
            "workflow_description",
            "status",
            "is_task",
            "last_step",
            "failed_reason",
            "created_by",
            "triggered_by",
            "started_at",
            "last_modified_at",
            "note",
            "parent",
            "subscriptions",
            "process_id",
            "last_status",
            "workflow_id",
            "workflow_name",
            "workflow_target",
            "assignee",
            "product_id",
            "customer_id",
            "traceback",
        ]
        read_only_fields = fields

    def _linked(self, process) -> list:
        # From the prefetched links (ProcessViewSet.queryset): no query per process.
        return [link.subscription for link in process.process_subscriptions.all()]

    @extend_schema_field(ProcessSubscriptionSerializer(many=True))
    def get_subscriptions(self, process) -> list:
        return list(ProcessSubscriptionSerializer(self._linked(process), many=True).data)

    @extend_schema_field(serializers.ChoiceField(choices=ASSIGNEES))
    def get_assignee(self, process) -> str:
        # orchestrator-core assigns a suspended input step to a team (NOC by default) and
        # everything else to SYSTEM; we have no teams, so this is the nearest true answer.
        return "NOC" if process.status == ProcessStatus.SUSPENDED else "SYSTEM"

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_product_id(self, process) -> int | None:
        linked = self._linked(process)
        return linked[0].product_id if linked else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_customer_id(self, process) -> str | None:
        linked = self._linked(process)
        return str(linked[0].customer_id) if linked else None


class ProcessDetailSerializer(ProcessSerializer):
    """A process with its steps, its current state and, when suspended, the form it waits for."""

    steps = serializers.SerializerMethodField()
    current_state = serializers.SerializerMethodField(help_text="The state after the last step")
    form = serializers.SerializerMethodField(help_text="JSON Schema of the form a suspended step waits for")

    class Meta(ProcessSerializer.Meta):
        fields = ProcessSerializer.Meta.fields + ["callback_progress", "steps", "current_state", "form"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField())
    def get_current_state(self, process) -> dict:
        state = dict(process.state)
        # orchestrator-core's subscription workflows keep `subscription_id` in the state and its
        # clients read it there; ours keep the id under `subscription` (a create workflow) or
        # only link it. Shown, not stored: the state the steps see stays as it was.
        if "subscription_id" not in state:
            subscription = state.get("subscription")
            linked = self._linked(process)
            if isinstance(subscription, str) and subscription:
                state["subscription_id"] = subscription
            elif len(linked) == 1:
                state["subscription_id"] = str(linked[0].pk)
        return state

    @extend_schema_field(ProcessStepSerializer(many=True))
    def get_steps(self, process) -> list:
        steps = list(process.steps.all())
        deltas = dict(zip((s.pk for s in steps), step_deltas(steps), strict=True))
        return list(ProcessStepSerializer(steps, many=True, context={**self.context, "deltas": deltas}).data)

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_form(self, process) -> dict | None:
        return pending_form(process)


class ProcessCreatedSerializer(serializers.Serializer):
    id = serializers.UUIDField()


class ProcessAbortSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EngineStatusSerializer(serializers.Serializer):
    """The engine's pause switch, named as orchestrator-core names it (`global_lock`)."""

    global_lock = serializers.BooleanField(
        help_text="True: paused (running steps finish, nothing new starts)"
    )
    global_status = serializers.ChoiceField(choices=["RUNNING", "PAUSING", "PAUSED"], read_only=True)
    running_processes = serializers.IntegerField(read_only=True)
    paused_by = serializers.CharField(read_only=True)
    changed_at = serializers.DateTimeField(read_only=True)

    @staticmethod
    def describe(settings: EngineSettings) -> dict:
        running = Process.objects.filter(status=ProcessStatus.RUNNING).count()
        if not settings.paused:
            global_status = "RUNNING"
        else:
            global_status = "PAUSING" if running else "PAUSED"
        return {
            "global_lock": settings.paused,
            "global_status": global_status,
            "running_processes": running,
            "paused_by": settings.paused_by,
            "changed_at": settings.changed_at,
        }
