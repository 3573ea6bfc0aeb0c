"""A subscription's whole typed block tree as plain data (the REST `domain-model` endpoint,
`manage.py subscriptions show`), generically for every product type.

Each block becomes `{"name": <block class>, "id", "title", "owner_subscription_id",
<column>: value, <reference>: <the referenced block, nested>, <list>: [<child>, …],
"in_use_by_ids": [ids of other subscriptions whose blocks reference this block]}`.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import models

from subscriptions.blocks import ParentBlockKey, ProductBlock
from subscriptions.product_types import product_type_name, root_blocks
from subscriptions.relations import references
from subscriptions.tree import load_subscription, owned_blocks

HIDDEN_COLUMNS = {"subscription", "position"}
REFERENCE_DEPTH = 3  # as deep as the tree loader joins references in


def domain_model(subscription_id) -> dict:
    """The subscription row and its block tree; Subscription.DoesNotExist when there is none."""
    subscription = load_subscription(subscription_id)
    users = in_use_by_ids(owned_blocks(subscription))
    data = {
        "subscription_id": str(subscription.pk),
        "description": subscription.description,
        "status": str(subscription.status),
        "insync": subscription.insync,
        "version": subscription.version,
        "product": product_base(subscription),
        "product_id": subscription.product_id,
        "customer": {
            "id": subscription.customer_id,
            "name": subscription.customer.name,
            "short_code": subscription.customer.short_code,
        },
        # As orchestrator-core has them on a subscription (docs/api.md): its clients read these.
        "customer_id": str(subscription.customer_id),
        "name": subscription.product.name,
        "tag": subscription.product.tag,
        "customer_descriptions": [],
        "start_date": subscription.start_date,
        "end_date": subscription.end_date,
        "note": subscription.note,
    }
    for name, descriptor in root_blocks(type(subscription)).items():
        block = descriptor.__get__(subscription)
        data[name] = block_data(block, users) if block is not None else None
    return data


def product_base(subscription) -> dict:
    """The subscription's product: our fields (id, name, product_type, tag) and the rest of
    orchestrator-core's ProductBaseSchema (product_id, description, status, created_at, and
    end_date, always None: our products end by their status, not on a date)."""
    product = subscription.product
    return {
        "id": product.pk,
        "product_id": product.pk,
        "name": product.name,
        "product_type": product_type_name(type(subscription)),
        "tag": product.tag,
        "description": product.description,
        "status": product.status,
        "created_at": product.created_at,
        "end_date": None,
    }


def block_data(block: ProductBlock, users: dict | None = None, depth: int = REFERENCE_DEPTH) -> dict:
    """One block as a dict; owned lists nested, referenced blocks nested `depth` levels deep."""
    data = {
        "name": type(block).__name__,
        "id": block.pk,
        "title": block.title,
        "owner_subscription_id": str(block.subscription_id),
    }
    for field in block._meta.concrete_fields:
        if field.name in HIDDEN_COLUMNS or field.primary_key or isinstance(field, ParentBlockKey):
            continue
        if isinstance(field, models.ForeignKey) and issubclass(field.related_model, ProductBlock):
            referenced = getattr(block, field.name) if getattr(block, field.attname) is not None else None
            if referenced is None or depth == 0:
                data[field.name] = getattr(block, field.attname)
            else:
                data[field.name] = block_data(referenced, None, depth - 1)
            continue
        data[field.attname] = getattr(block, field.attname)
    for name, block_list in type(block).block_lists().items():
        data[name] = [block_data(child, users, depth) for child in block_list.__get__(block)]
    if users is not None:
        data["in_use_by_ids"] = sorted(users.get((type(block), block.pk), ()))
    return data


def in_use_by_ids(blocks: list[ProductBlock]) -> dict[tuple[type, int], set[str]]:
    """{(block class, block id): {ids of other subscriptions referencing it}}, one query per
    reference declared in the catalogue that can point at these blocks' classes."""
    ids_by_model: dict[type, set] = defaultdict(set)
    owner: dict[tuple[type, int], object] = {}
    for block in blocks:
        ids_by_model[type(block)].add(block.pk)
        owner[(type(block), block.pk)] = block.subscription_id
    users: dict[tuple[type, int], set[str]] = defaultdict(set)
    for model, field in references():
        for target, ids in ids_by_model.items():
            if not issubclass(target, field.related_model):
                continue
            rows = model._default_manager.filter(**{f"{field.attname}__in": ids}).values_list(
                field.attname, "subscription_id"
            )
            for block_id, user in rows:
                if user != owner[(target, block_id)]:
                    users[(target, block_id)].add(str(user))
    return users
