from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from products.models import Product, ProductStatus
from subscriptions.product_types import root_blocks

if TYPE_CHECKING:
    from engine.models import Workflow


class ProductSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ProductStatus.choices, read_only=True)
    fixed_inputs = serializers.SerializerMethodField()
    workflows: serializers.SlugRelatedField["Workflow"] = serializers.SlugRelatedField(
        slug_field="key", many=True, read_only=True
    )
    product_blocks = serializers.SerializerMethodField(help_text="The root blocks of the product type")
    product_id = serializers.IntegerField(source="id", read_only=True, help_text="The same as id")
    end_date = serializers.SerializerMethodField(help_text="Always null: our products end by their status")

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "product_type",
            "tag",
            "description",
            "status",
            "in_code",
            "fixed_inputs",
            "product_blocks",
            "workflows",
            "created_at",
            "product_id",
            "end_date",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_end_date(self, product) -> float | None:
        return None

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_fixed_inputs(self, product) -> dict:
        return {f.name: f.value for f in product.fixed_inputs.all()}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_product_blocks(self, product) -> list:
        try:
            product_type = product.subscription_class
        except LookupError:  # no longer declared in code
            return []
        return [d.model.__name__ for d in root_blocks(product_type).values()]


class ProductBlockFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField(
        help_text="The column type, or 'reference' for a block of another subscription"
    )
    references = serializers.CharField(allow_null=True, help_text="The referenced block, for a reference")
    required_from = serializers.CharField(
        allow_null=True, help_text="provisioning, active, or null (optional)"
    )
    # A field named like the attribute every DRF field (so every serializer) has, which the stubs
    # type as a str; DRF's metaclass takes declared fields out of the class, so nothing clashes.
    help_text = serializers.CharField(allow_blank=True)  # type: ignore[assignment]


class ProductBlockListSerializer(serializers.Serializer):
    name = serializers.CharField()
    block = serializers.CharField()
    min_items = serializers.IntegerField()
    max_items = serializers.IntegerField(allow_null=True)


class ProductBlockSerializer(serializers.Serializer):
    """A product block declared in code (see products.block_catalogue)."""

    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    resource_types = ProductBlockFieldSerializer(many=True, help_text="The columns (resource types)")
    lists = ProductBlockListSerializer(many=True)
    product_types = serializers.ListField(child=serializers.CharField())
