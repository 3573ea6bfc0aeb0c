import graphene

from common.graphql.paging import filtered
from products.filtersets import ProductFilterSet
from products.graphql.types import ProductType
from products.models import Product


class ProductsQuery(graphene.ObjectType):
    products = graphene.List(
        graphene.NonNull(ProductType),
        required=True,
        tag=graphene.String(),
        product_type=graphene.String(),
        status=graphene.List(graphene.String),
    )
    product = graphene.Field(ProductType, id=graphene.Int(required=True))

    def resolve_products(root, info, **filters):
        queryset = Product.objects.prefetch_related("fixed_inputs", "workflows")
        return filtered(ProductFilterSet, queryset, filters, info.context)

    def resolve_product(root, info, id):
        return Product.objects.filter(pk=id).first()
