from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from subscriptions.api.serializers import BriefSubscriptionSerializer
from workflows.models import EngineSettings, Process, ProcessStatus, ProcessStep, Workflow
from workflows.permissions import may_run
from workflows.process_details import pending_form, step_deltas


class WorkflowSerializer(serializers.ModelSerializer):
    products = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    may_run = serializers.SerializerMethodField(help_text="Whether the caller may start this workflow")

    class Meta:
        model = Workflow
        fields = ["id", "key", "description", "target", "is_task", "products", "created_at", "removed_at", "may_run"]

    def get_may_run(self, workflow) -> bool:
        return may_run(self.context["request"].user, workflow.key)


class ProcessStepSerializer(serializers.ModelSerializer):
    delta = serializers.SerializerMethodField(help_text="What the step added or changed in the state")

    class Meta:
        model = ProcessStep
        fields = ["id", "name", "group", "status", "state", "delta", "error", "started_at", "completed_at",
                  "triggered_by", "code_version", "retry_count"]  # fmt: skip

    @extend_schema_field(serializers.DictField())
    def get_delta(self, step) -> dict:
        return self.context["deltas"][step.pk]


class ProcessSerializer(serializers.ModelSerializer):
    """A process in a listing, with the subscriptions it works on."""

    workflow_key = serializers.CharField(source="workflow.key", read_only=True)
    workflow_description = serializers.CharField(source="workflow.description", read_only=True)
    status = serializers.ChoiceField(choices=ProcessStatus.choices, read_only=True)
    subscriptions = serializers.SerializerMethodField()

    class Meta:
        model = Process
        fields = ["id", "workflow_key", "workflow_description", "status", "is_task", "last_step", "failed_reason",
                  "created_by", "triggered_by", "started_at", "last_modified_at", "note", "parent",
                  "subscriptions"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(BriefSubscriptionSerializer(many=True))
    def get_subscriptions(self, process) -> list:
        linked = [link.subscription for link in process.process_subscriptions.all()]
        return BriefSubscriptionSerializer(linked, many=True).data


class ProcessDetailSerializer(ProcessSerializer):
    """A process with its steps, its current state and, when suspended, the form it waits for."""

    steps = serializers.SerializerMethodField()
    current_state = serializers.JSONField(source="state", read_only=True)
    form = serializers.SerializerMethodField(help_text="JSON Schema of the form a suspended step waits for")

    class Meta(ProcessSerializer.Meta):
        fields = ProcessSerializer.Meta.fields + ["traceback", "callback_progress", "steps", "current_state", "form"]
        read_only_fields = fields

    @extend_schema_field(ProcessStepSerializer(many=True))
    def get_steps(self, process) -> list:
        steps = list(process.steps.all())
        deltas = dict(zip((s.pk for s in steps), step_deltas(steps), strict=True))
        return ProcessStepSerializer(steps, many=True, context={**self.context, "deltas": deltas}).data

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_form(self, process) -> dict | None:
        return pending_form(process)


class ProcessCreatedSerializer(serializers.Serializer):
    id = serializers.UUIDField()


class ProcessAbortSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class EngineStatusSerializer(serializers.Serializer):
    """The engine's pause switch, named as orchestrator-core names it (`global_lock`)."""

    global_lock = serializers.BooleanField(help_text="True: paused (running steps finish, nothing new starts)")
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
        return {"global_lock": settings.paused, "global_status": global_status, "running_processes": running,
                "paused_by": settings.paused_by, "changed_at": settings.changed_at}  # fmt: skip


class SubscriptionWorkflowSerializer(serializers.Serializer):
    """A workflow offered for the subscription's product, and whether it may start now."""

    name = serializers.CharField(help_text="The workflow key")
    description = serializers.CharField()
    target = serializers.CharField()
    allowed = serializers.BooleanField(help_text="Whether the subscription's state lets it start now")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why not, when not allowed")
    reason = serializers.CharField(allow_null=True, help_text="The reasons in one sentence, or null")
    may_run = serializers.BooleanField(help_text="Whether the caller has the permission to run it")


class SubscriptionWorkflowsSerializer(serializers.Serializer):
    """The subscription's workflows grouped by target, as orchestrator-core lists them."""

    reason = serializers.CharField(allow_null=True, help_text="Why no workflow may start, when none may")
    create = SubscriptionWorkflowSerializer(many=True)
    modify = SubscriptionWorkflowSerializer(many=True)
    terminate = SubscriptionWorkflowSerializer(many=True)
    validate = SubscriptionWorkflowSerializer(many=True)
    reconcile = SubscriptionWorkflowSerializer(many=True)
    system = SubscriptionWorkflowSerializer(many=True)
