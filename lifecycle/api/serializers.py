"""The workflows of one subscription over REST, as orchestrator-core lists them."""

from rest_framework import serializers


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
    # `create` and `validate` are the names orchestrator-core gives these groups, and also
    # Serializer methods. DRF's SerializerMetaclass pops declared fields off the class body
    # (into _declared_fields), so at run time they do not shadow the methods; mypy cannot
    # see that, and a field's name is its attribute name: the ignores below are the only way.
    create = SubscriptionWorkflowSerializer(many=True)  # type: ignore[assignment]
    modify = SubscriptionWorkflowSerializer(many=True)
    terminate = SubscriptionWorkflowSerializer(many=True)
    validate = SubscriptionWorkflowSerializer(many=True)  # type: ignore[assignment]
    reconcile = SubscriptionWorkflowSerializer(many=True)
    system = SubscriptionWorkflowSerializer(many=True)
