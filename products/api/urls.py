from django.urls import path

from products.api.views import ProductBlockViewSet, ProductViewSet

urlpatterns = [
    path("products/", ProductViewSet.as_view({"get": "list"}), name="product-list"),
    path("products/<int:pk>", ProductViewSet.as_view({"get": "retrieve"}), name="product-detail"),
    path("product_blocks/", ProductBlockViewSet.as_view({"get": "list"}), name="productblock-list"),
    path(
        "product_blocks/<str:name>",
        ProductBlockViewSet.as_view({"get": "retrieve"}),
        name="productblock-detail",
    ),
]
