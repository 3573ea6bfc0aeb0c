""" "Depends on" and "in use by", derived from the foreign keys between blocks.

Every foreign key from one block model to another (other than a `ParentBlockKey`) is a
reference to a block owned by another subscription. The whole catalogue's references are
found by introspection, so a new product type needs no code here. Subscription-level
answers are one query each, whatever the number of block types.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Q

from subscriptions.blocks import ProductBlock
from subscriptions.lifecycle import SubscriptionLifecycle


def block_models() -> list[type[ProductBlock]]:
    return [m for m in apps.get_models() if issubclass(m, ProductBlock)]


def references() -> list[tuple[type[ProductBlock], object]]:
    """(block model, foreign key) for every reference between blocks in the catalogue."""
    return [(model, field) for model in block_models() for field in model.reference_fields()]


def depends_on(subscription, *, live_only: bool = False):
    """Subscriptions owning blocks that this subscription's blocks reference."""
    from subscriptions.models import Subscription

    conditions = [
        Q(
            pk__in=model._default_manager.filter(subscription_id=subscription.pk).values(
                f"{field.name}__subscription_id"
            )
        )
        for model, field in references()
    ]
    return _subscriptions(Subscription, conditions, subscription, live_only)


def in_use_by(subscription, *, live_only: bool = False):
    """Subscriptions owning blocks that reference this subscription's blocks."""
    from subscriptions.models import Subscription

    conditions = [
        Q(
            pk__in=model._default_manager.filter(
                **{f"{field.name}__subscription_id": subscription.pk}
            ).values("subscription_id")
        )
        for model, field in references()
    ]
    return _subscriptions(Subscription, conditions, subscription, live_only)


def _subscriptions(model, conditions, subscription, live_only):
    if not conditions:
        return model.objects.none()
    queryset = model.objects.filter(reduce(or_, conditions)).exclude(pk=subscription.pk)
    if live_only:
        queryset = queryset.exclude(status=SubscriptionLifecycle.TERMINATED)
    return queryset.select_related("product", "customer").order_by("description", "pk")


def block_depends_on(block: ProductBlock) -> list[ProductBlock]:
    """The referenced blocks owned by other subscriptions (already loaded with the tree)."""
    referenced = (getattr(block, field.name) for field in block.reference_fields())
    return [b for b in referenced if b is not None and b.subscription_id != block.subscription_id]


def block_in_use_by(block: ProductBlock) -> list[ProductBlock]:
    """Blocks of other subscriptions that reference this block (one query per referring field)."""
    users = []
    for model, field in references():
        if isinstance(block, field.related_model):
            users += model._default_manager.filter(**{field.attname: block.pk}).exclude(
                subscription_id=block.subscription_id
            )
    return users
