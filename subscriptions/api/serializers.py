from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from subscriptions.lifecycle import SubscriptionLifecycle
from subscriptions.models import Customer, Subscription

# The product model, found from the subscription's foreign key: products sit above
# subscriptions, so this module does not import them. Its status field's choices give the
# serializers below their status enum.
Product = Subscription._meta.get_field("product").related_model


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
        fields = [
            "id",
            "description",
            "status",
            "insync",
            "product",
            "customer",
            "start_date",
            "end_date",
            "note",
            "version",
        ]
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


class ProductBaseSerializer(serializers.ModelSerializer):
    """A subscription's product as orchestrator-core nests it (its ProductBaseSchema), plus our `id`."""

    product_id = serializers.IntegerField(source="id", read_only=True, help_text="The same as id")
    end_date = serializers.SerializerMethodField(help_text="Always null: our products end by their status")

    class Meta:
        model = Product
        fields = [
            "id",
            "product_id",
            "name",
            "description",
            "product_type",
            "status",
            "tag",
            "created_at",
            "end_date",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_end_date(self, product) -> float | None:
        return None


class ProcessSubscriptionSerializer(BriefSubscriptionSerializer):
    """A subscription a process works on, with the fields orchestrator-core gives there (its
    SubscriptionSchema). The queryset must select product and customer (no query per row)."""

    subscription_id = serializers.UUIDField(source="id", read_only=True, help_text="The same as id")
    customer_id = serializers.CharField(read_only=True, help_text="The customer's id, as a string")
    product_id = serializers.IntegerField(read_only=True)
    product = ProductBaseSerializer(read_only=True)
    name = serializers.CharField(source="product.name", read_only=True, help_text="The product's name")
    tag = serializers.CharField(source="product.tag", read_only=True, help_text="The product's tag")
    customer_descriptions = serializers.SerializerMethodField(
        help_text="Always empty: customer-specific descriptions are an orchestrator-core feature we lack"
    )

    class Meta(BriefSubscriptionSerializer.Meta):
        fields = BriefSubscriptionSerializer.Meta.fields + [
            "subscription_id",
            "customer_id",
            "product_id",
            "product",
            "name",
            "tag",
            "note",
            "start_date",
            "end_date",
            "version",
            "customer_descriptions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_customer_descriptions(self, subscription) -> list:
        return []


class DomainModelSerializer(serializers.Serializer):
    """The subscription with its whole block tree; the root blocks are keyed by their names
    on the product type (node, port, …). Each block: name, id, title, owner_subscription_id,
    its columns, referenced blocks nested, lists of child blocks, in_use_by_ids."""

    subscription_id = serializers.UUIDField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=SubscriptionLifecycle.choices)
    insync = serializers.BooleanField()
    version = serializers.IntegerField()
    product = ProductBaseSerializer()
    product_id = serializers.IntegerField()
    customer = serializers.DictField()
    customer_id = serializers.CharField(help_text="The customer's id as a string, as in orchestrator-core")
    name = serializers.CharField(help_text="The product's name")
    tag = serializers.CharField(help_text="The product's tag")
    customer_descriptions = serializers.ListField(child=serializers.DictField(), help_text="Always empty")
    start_date = serializers.DateTimeField(allow_null=True)
    end_date = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField(allow_blank=True)

    def to_representation(self, instance):
        return instance  # already plain data (subscriptions.domain_model)
