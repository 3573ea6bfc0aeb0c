import graphene
from graphene_django import DjangoObjectType

from products.models import FixedInput, Product


class FixedInputType(DjangoObjectType):
    class Meta:
        model = FixedInput
        fields = ["name", "value"]


class ProductType(DjangoObjectType):
    """A product; `workflows` are the workflows it offers (the workflows app's type)."""

    fixed_inputs = graphene.List(graphene.NonNull(FixedInputType), required=True)

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
            "created_at",
            "workflows",
        ]
        convert_choices_to_enum = False

    def resolve_fixed_inputs(product, info):
        return product.fixed_inputs.all()
