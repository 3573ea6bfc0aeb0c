"""What the console shows of one subscription: its block tree with every field, the
subscriptions it depends on and that use it, and its history with process and step.

Queries do not grow with the data: the tree loads in the tree loader's constant number,
the relations are one query each, the history one query per block type of the product.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from subscriptions.blocks import ParentBlockKey, ProductBlock
from subscriptions.product_types import root_blocks
from subscriptions.tree import load_subscription

#: Columns every block has; they place the block, the page shows the place by nesting.
PLACEMENT_FIELDS = {"id", "subscription", "position"}
HISTORY_SHOWN = 100


def field_label(field) -> str:
    """A field's label in the current language (the .po files hold the translations)."""
    return _(capfirst(str(field.verbose_name)))


@dataclasses.dataclass
class BlockView:
    block: ProductBlock
    title: str
    kind: str
    fields: list[dict]
    lists: list[tuple[str, list[BlockView]]]


def block_tree(subscription) -> list[BlockView]:
    """The subscription's root blocks, each with its fields and its lists of child blocks."""
    views = []
    for descriptor in root_blocks(type(subscription)).values():
        block = descriptor.__get__(subscription)
        if block is not None:
            views.append(_block_view(block))
    return views


def _block_view(block: ProductBlock) -> BlockView:
    required = {n: level for level, names in block.required_from.items() for n in names}
    fields = []
    for field in block._meta.concrete_fields:
        if field.name in PLACEMENT_FIELDS or isinstance(field, ParentBlockKey):
            continue
        row: dict[str, Any] = {
            "name": field.name,
            "label": field_label(field),
            "required_from": required.get(field.name, ""),
            "help_text": _(str(field.help_text)) if field.help_text else "",
        }
        if field.is_relation:
            target = getattr(block, field.name) if getattr(block, field.attname) is not None else None
            row["value"] = target.title if target is not None else None
            row["subscription_id"] = target.subscription_id if target is not None else None
        else:
            row["value"] = getattr(block, field.attname)
        fields.append(row)
    lists = [
        (name, [_block_view(child) for child in bl.__get__(block)])
        for name, bl in type(block).block_lists().items()
    ]
    return BlockView(
        block=block,
        title=block.title,
        kind=capfirst(str(block._meta.verbose_name)),
        fields=fields,
        lists=lists,
    )


def tree_block_models(product_type) -> list[type[ProductBlock]]:
    """Every block model a product type's tree can hold (roots and list children)."""
    models, index = [d.model for d in root_blocks(product_type).values()], 0
    while index < len(models):
        for block_list in models[index].block_lists().values():
            if block_list.child_model not in models:
                models.append(block_list.child_model)
        index += 1
    return models


def history_entries(subscription, limit: int = HISTORY_SHOWN) -> list[dict]:
    """Who changed what, when, in which process and step: the subscription row and its
    blocks, newest first, each change with its fields' old and new values."""
    sources = [(subscription.history.filter(id=subscription.pk), _("Subscription"))]
    for model in tree_block_models(type(subscription)):
        sources.append(
            (model.history.filter(subscription_id=subscription.pk), capfirst(str(model._meta.verbose_name)))
        )
    entries = []
    for queryset, kind in sources:
        records = list(
            queryset.select_related("history_user").order_by("id", "history_date", "history_id")[: limit * 4]
        )
        previous_by_object: dict[Any, Any] = {}
        for record in records:
            entry = _entry(record, previous_by_object.get(record.id), kind)
            previous_by_object[record.id] = record
            if entry["type_code"] != "~" or entry["changes"]:  # a save that changed nothing shown: noise
                entries.append(entry)
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]


_HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def _entry(record, previous, kind: str) -> dict:
    changes = []
    if previous is not None and record.history_type == "~":
        delta = record.diff_against(previous)
        changes = [
            (field_label(record.instance_type._meta.get_field(c.field)), c.old, c.new) for c in delta.changes
        ]
    return {
        "when": record.history_date,
        "who": record.history_user.get_username() if record.history_user_id else "",
        "process_id": getattr(record, "history_process_id", ""),
        "step": getattr(record, "history_step", ""),
        "kind": kind,
        "object": str(record.id),
        "type": _(_HISTORY_TYPES.get(record.history_type, record.history_type)),
        "type_code": record.history_type,
        "changes": changes,
    }


def subscription_page(subscription_id) -> dict:
    """Everything the subscription page shows, as plain data for the template."""
    subscription = load_subscription(subscription_id)
    return {
        "subscription": subscription,
        "blocks": block_tree(subscription),
        "depends_on": list(subscription.depends_on()),
        "in_use_by": list(subscription.in_use_by()),
        "history": history_entries(subscription),
    }
