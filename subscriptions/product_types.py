"""Product types: the typed subscription classes, found by the name stored on the product.

A product type is a proxy model of `Subscription` that names its root block(s):

    class Node(Subscription):
        node = RootBlock(NodeBlock)

        class Meta:
            proxy = True

It registers itself under its class name (or `product_type_name`), which is what
`Product.product_type` holds. The loader turns a subscription into its product type's
class, so `subscription.node.node_name` works everywhere.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from subscriptions.block_structure import RootBlock, class_attributes

_product_types: dict[str, type] = {}


def product_type_name(cls) -> str:
    return cls.__dict__.get("product_type_name") or cls.__name__


def register_product_type(cls) -> None:
    name = product_type_name(cls)
    existing = _product_types.get(name)
    if existing is not None and existing is not cls:
        raise ImproperlyConfigured(
            f"Product type {name!r} is declared twice: {existing.__module__}.{existing.__qualname__} and "
            f"{cls.__module__}.{cls.__qualname__}; set product_type_name on one of them"
        )
    if not root_blocks(cls):
        raise ImproperlyConfigured(f"Product type {name!r} ({cls.__qualname__}) declares no RootBlock")
    _product_types[name] = cls


def product_type_class(name: str) -> type:
    try:
        return _product_types[name]
    except KeyError:
        known = ", ".join(sorted(_product_types)) or "none"
        raise LookupError(
            f"No product type {name!r} is declared in code; known product types: {known}"
        ) from None


def registered_product_types() -> dict[str, type]:
    return dict(_product_types)


def root_blocks(cls) -> dict[str, RootBlock]:
    """The root blocks a product type declares (read once per class)."""
    roots = _root_blocks_cache.get(cls)
    if roots is None:
        roots = _root_blocks_cache[cls] = {
            name: attr for name, attr in class_attributes(cls) if isinstance(attr, RootBlock)
        }
    return roots


_root_blocks_cache: dict[type, dict[str, RootBlock]] = {}
