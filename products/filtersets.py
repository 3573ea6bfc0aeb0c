"""Filters for the API listing of products."""

import django_filters

from products.models import Product, ProductStatus


class ProductFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ProductStatus.choices)

    class Meta:
        model = Product
        fields = ["status", "tag", "product_type", "in_code"]
