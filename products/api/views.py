from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from common.api.serializers import ErrorSerializer
from products.api.serializers import ProductBlockSerializer, ProductSerializer
from products.block_catalogue import describe_block, product_block, product_blocks
from products.filtersets import ProductFilterSet
from products.models import Product


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Product.objects.prefetch_related("fixed_inputs", "workflows")
    serializer_class = ProductSerializer
    filterset_class = ProductFilterSet
    search_fields = ["name", "tag", "product_type", "description"]
    ordering_fields = ["name", "tag", "product_type", "status", "created_at"]
    ordering = ["name"]


class ProductBlockViewSet(viewsets.ViewSet):
    """Product blocks are classes in code, not rows: listed whole, not paged."""

    @extend_schema(responses=ProductBlockSerializer(many=True))
    def list(self, request):
        return Response(ProductBlockSerializer([describe_block(m) for m in product_blocks()], many=True).data)

    @extend_schema(responses={200: ProductBlockSerializer, 404: OpenApiResponse(ErrorSerializer)})
    def retrieve(self, request, name: str):
        model = product_block(name)
        if model is None:
            known = ", ".join(m.__name__ for m in product_blocks())
            raise NotFound(f"No product block {name!r}; known product blocks: {known}")
        return Response(ProductBlockSerializer(describe_block(model)).data)
