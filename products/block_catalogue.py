"""The product blocks declared in code, described for the API: their columns (with the
lifecycle state from which each is required), their lists and their references, and the
product types they are part of. Derived from the block classes, for every block alike."""

from __future__ import annotations

import inspect

from django.db import models

from subscriptions.blocks import ParentBlockKey, ProductBlock, block_models
from subscriptions.product_types import registered_product_types, root_blocks

HIDDEN_COLUMNS = {"id", "subscription", "position"}


def product_blocks() -> list[type[ProductBlock]]:
    return sorted(block_models(), key=lambda m: m.__name__)


def product_block(name: str) -> type[ProductBlock] | None:
    return next((m for m in block_models() if m.__name__ == name), None)


def describe_block(model: type[ProductBlock]) -> dict:
    required = {name: level for level, names in model.required_from.items() for name in names}
    fields = []
    for field in model._meta.concrete_fields:
        if field.name in HIDDEN_COLUMNS or isinstance(field, ParentBlockKey):
            continue
        is_reference = isinstance(field, models.ForeignKey)
        fields.append(
            {
                "name": field.name,
                "type": "reference" if is_reference else field.get_internal_type(),
                "references": field.related_model.__name__
                if is_reference and isinstance(field.related_model, type)
                else None,
                "required_from": str(required[field.name]) if field.name in required else None,
                "help_text": str(field.help_text),
            }
        )
    lists = [
        {"name": name, "block": bl.child_model.__name__, "min_items": bl.min_items, "max_items": bl.max_items}
        for name, bl in model.block_lists().items()
    ]
    return {
        "name": model.__name__,
        "description": _docstring(model),
        "resource_types": fields,
        "lists": lists,
        "product_types": sorted(
            name for name, cls in registered_product_types().items() if model in _blocks_of(cls)
        ),
    }


def _blocks_of(product_type) -> set[type[ProductBlock]]:
    """Every block class a product type's tree is made of (roots, and list children below them)."""
    found, todo = set(), [d.model for d in root_blocks(product_type).values()]
    while todo:
        model = todo.pop()
        if model not in found:
            found.add(model)
            todo += [bl.child_model for bl in model.block_lists().values()]
    return found


def _docstring(model) -> str:
    """The class's docstring, but not the one Django makes up for a model without one."""
    doc = model.__doc__ or ""
    return "" if doc.startswith(f"{model.__name__}(") else inspect.cleandoc(doc)
