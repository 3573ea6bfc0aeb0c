"""Products declared in code, next to the product type they are variants of:

    @register_products(
        ProductDefinition("node Cisco", tag="NODE", fixed_inputs={"node_type": "Cisco"}),
        ProductDefinition("node Nokia", tag="NODE", fixed_inputs={"node_type": "Nokia"}),
    )
    class Node(Subscription):
        node = RootBlock(NodeBlock)

        class Meta:
            proxy = True

A product's description is registered the same way, next to its type:

    @describes(Node)
    def node_description(node: Node) -> str: ...

`products.sync` mirrors the registry into the Product and FixedInput tables. Which
products are installed: `products.installed` (settings.NRENORCH_PRODUCTS). Which
workflows a product offers is the workflows app's to record (its Workflow model points
at products); this registry answers "which products are of this type" for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from products.status import ProductStatus
from subscriptions.product_types import product_type_name


@dataclasses.dataclass(frozen=True)
class ProductDefinition:
    name: str
    tag: str
    description: str = ""
    status: str = ProductStatus.ACTIVE
    # Declared as str or int (`{"speed": 10000}`); registered with every value made a str.
    fixed_inputs: Mapping[str, str | int] = dataclasses.field(default_factory=dict)
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


# --- Descriptions (`products.services.description.description(model)` dispatches here) ---

#: `function(model) -> str`; each takes the class it was registered for (`describes`).
Describe = Callable[[Any], str]

_describers: dict[type, Describe] = {}


def describes[M](model_class: type[M]) -> Callable[[Callable[[M], str]], Callable[[M], str]]:
    """Decorator: `function(model) -> str` describes instances of `model_class` (and subclasses)."""

    def register(function: Callable[[M], str]) -> Callable[[M], str]:
        existing = _describers.get(model_class)
        if existing is not None and existing.__qualname__ != function.__qualname__:
            raise ImproperlyConfigured(
                f"{model_class.__name__} is described twice: by "
                f"{existing.__module__}.{existing.__qualname__} "
                f"and by {function.__module__}.{function.__qualname__}"
            )
        _describers[model_class] = function
        return function

    return register


def describer_of(model_class: type) -> Describe | None:
    """The description function of the nearest described class in `model_class`'s MRO."""
    for klass in model_class.__mro__:
        describe = _describers.get(klass)
        if describe is not None:
            return describe
    return None


def described_types() -> list[type]:
    return sorted(_describers, key=lambda k: k.__name__)
