"""The product-block catalogue as the console shows it: every block model with its fields
(label, type, help text), the lifecycle state from which each field must be filled, its
lists of child blocks, and the product types that use it. Read from the code, no queries."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from subscriptions.blocks import ParentBlockKey, ProductBlock, block_models
from subscriptions.product_types import registered_product_types, root_blocks

#: Columns every block has; they say where the block sits, not what it is.
HIDDEN_FIELDS = {"id", "subscription", "position"}


def field_label(field) -> str:
    """A field's label in the current language (the .po files hold the translations)."""
    return _(capfirst(str(field.verbose_name)))


def block_fields(model: type[ProductBlock]) -> list[dict]:
    required = {name: level for level, names in model.required_from.items() for name in names}
    rows = []
    for field in model._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS or isinstance(field, ParentBlockKey):
            continue
        rows.append(
            {
                "name": field.name,
                "label": field_label(field),
                "type": field.related_model.__name__
                if isinstance(field.related_model, type)  # a relation's model (None for a column)
                else field.get_internal_type(),
                "help_text": _(str(field.help_text)) if field.help_text else "",
                "required_from": required.get(field.name, ""),
            }
        )
    return rows


def block_catalogue() -> list[dict]:
    users: dict[type, list[str]] = {}
    for type_name, product_type in registered_product_types().items():
        for root in root_blocks(product_type).values():
            users.setdefault(root.model, []).append(type_name)
    catalogue = []
    for model in sorted(block_models(), key=lambda m: m.__name__):
        catalogue.append(
            {
                "name": model.__name__,
                "label": capfirst(str(model._meta.verbose_name)),
                "doc": _own_docstring(model),
                "fields": block_fields(model),
                "lists": [
                    {"name": n, "child": bl.child_model.__name__, "size": bl.size_rule()}
                    for n, bl in model.block_lists().items()
                ],
                "references": [f.related_model.__name__ for f in model.reference_fields()],
                "product_types": sorted(users.get(model, [])),
            }
        )
    return catalogue


def _own_docstring(model) -> str:
    """The class's docstring; not the field list Django writes for a model without one."""
    doc = (model.__doc__ or "").strip()
    return "" if doc.startswith(f"{model.__name__}(") else doc
