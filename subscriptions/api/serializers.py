from rest_framework import serializers

from products.models import Product
from subscriptions.lifecycle import SubscriptionLifecycle
from subscriptions.models import Customer, Subscription


class CustomerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["id", "name", "short_code"]


class BriefProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "name", "product_type", "tag"]


class SubscriptionSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=SubscriptionLifecycle.choices, read_only=True)
    product = BriefProductSerializer(read_only=True)
    customer = CustomerSerializer(read_only=True)

    class Meta:
        model = Subscription
        fields = ["id", "description", "status", "insync", "product", "customer", "start_date", "end_date", "note",
                  "version"]  # fmt: skip
        read_only_fields = fields


class BriefSubscriptionSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=SubscriptionLifecycle.choices, read_only=True)

    class Meta:
        model = Subscription
        fields = ["id", "description", "status", "insync"]
        read_only_fields = fields


class SubscriptionDetailSerializer(SubscriptionSerializer):
    """A subscription with the subscriptions it depends on and those it is in use by."""

    depends_on = BriefSubscriptionSerializer(many=True, read_only=True)
    in_use_by = BriefSubscriptionSerializer(many=True, read_only=True)

    class Meta(SubscriptionSerializer.Meta):
        fields = SubscriptionSerializer.Meta.fields + ["depends_on", "in_use_by"]
        read_only_fields = fields


class DomainModelSerializer(serializers.Serializer):
    """The subscription with its whole block tree; the root blocks are keyed by their names
    on the product type (node, port, …). Each block: name, id, title, owner_subscription_id,
    its columns, referenced blocks nested, lists of child blocks, in_use_by_ids."""

    subscription_id = serializers.UUIDField()
    description = serializers.CharField()
    status = serializers.CharField()
    insync = serializers.BooleanField()
    version = serializers.IntegerField()
    product = serializers.DictField()
    customer = serializers.DictField()
    start_date = serializers.DateTimeField(allow_null=True)
    end_date = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField(allow_blank=True)

    def to_representation(self, instance):
        return instance  # already plain data (subscriptions.domain_model)

