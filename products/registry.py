"""Products declared in code, next to the product type they are variants of:

    @register_products(
        ProductDefinition("node Cisco", tag="NODE", fixed_inputs={"node_type": "Cisco"}),
        ProductDefinition("node Nokia", tag="NODE", fixed_inputs={"node_type": "Nokia"}),
    )
    class Node(Subscription):
        node = RootBlock(NodeBlock)

        class Meta:
            proxy = True

`products.sync` mirrors the registry into the Product and FixedInput tables. Which
workflows a product offers is the workflows app's to record (its Workflow model points
at products); this registry answers "which products are of this type" for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

from products.status import ProductStatus
from subscriptions.product_types import product_type_name


@dataclasses.dataclass(frozen=True)
class ProductDefinition:
    name: str
    tag: str
    description: str = ""
    status: str = ProductStatus.ACTIVE
    fixed_inputs: Mapping[str, str] = dataclasses.field(default_factory=dict)
    product_type: str = ""  # filled in by register_products


_products: dict[str, ProductDefinition] = {}


def register_products(*definitions: ProductDefinition):
    """Class decorator for a product type: declare the products that are instances of it."""

    def register(product_type_cls):
        type_name = product_type_name(product_type_cls)
        for definition in definitions:
            existing = _products.get(definition.name)
            if existing is not None and existing.product_type != type_name:
                raise ImproperlyConfigured(
                    f"Product {definition.name!r} is declared for product types {existing.product_type!r} "
                    f"and {type_name!r}; product names are unique"
                )
            if definition.status not in ProductStatus.values:
                raise ImproperlyConfigured(
                    f"Product {definition.name!r} has status {definition.status!r}; "
                    f"allowed: {', '.join(ProductStatus.values)}"
                )
            _products[definition.name] = dataclasses.replace(
                definition,
                product_type=type_name,
                fixed_inputs={k: str(v) for k, v in definition.fixed_inputs.items()},
            )
        return product_type_cls

    return register


def registered_products() -> list[ProductDefinition]:
    return sorted(_products.values(), key=lambda d: d.name)


def products_of_type(product_type) -> list[ProductDefinition]:
    """The products of a product type (given as its class or its name)."""
    name = product_type if isinstance(product_type, str) else product_type_name(product_type)
    return [d for d in registered_products() if d.product_type == name]
