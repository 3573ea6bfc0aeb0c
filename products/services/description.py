"""How products (and blocks used on their own, such as the core port for its IPv6 address)
describe themselves: one function, `description(model)`, dispatched on the model's type and
used for subscription descriptions and NetBox descriptions.

Each product registers its own description with `@describes(ItsProductType)`
(`products.registry`) in its own module (`products.product_types.<product>`), so this
module names no product.
"""

from __future__ import annotations

from products.registry import described_types, describer_of

__all__ = ["core_link_name", "described_types", "description"]


def description(model) -> str:
    describe = describer_of(type(model))
    if describe is None:
        described = ", ".join(k.__name__ for k in described_types()) or "nothing"
        raise TypeError(f"No description for a {type(model).__name__}; described are: {described}")
    return describe(model)


def core_link_name(core_link) -> str:
    """The core link's name without its maintenance flag: `CoreLink.link_name()`. Kept here
    because workflows/core_link imports it from here; new code calls the method."""
    return core_link.link_name()
