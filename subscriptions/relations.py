""" "Depends on" and "in use by", derived from the foreign keys between blocks.

Every foreign key from one block model to another (other than a `ParentBlockKey`) is a
reference to a block owned by another subscription. The whole catalogue's references are
found by introspection, so a new product type needs no code here. Subscription-level
answers are one query each, whatever the number of block types.

The answers are querysets of the subscription's own model (`_meta.concrete_model`: the
Subscription model whether a product type or a plain subscription is asked), so this module
sits below `subscriptions.models`, whose methods call it. Per block: `ProductBlock`.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import ForeignKey, Q

from subscriptions.blocks import ProductBlock, block_models
from subscriptions.lifecycle import SubscriptionLifecycle


def references() -> list[tuple[type[ProductBlock], ForeignKey]]:
    """(block model, foreign key) for every reference between blocks in the catalogue."""
    return [(model, field) for model in block_models() for field in model.reference_fields()]


def depends_on(subscription, *, live_only: bool = False):
    """Subscriptions owning blocks that this subscription's blocks reference."""
    conditions = [
        Q(
            pk__in=model._default_manager.filter(subscription_id=subscription.pk).values(
                f"{field.name}__subscription_id"
            )
        )
        for model, field in references()
    ]
    return _subscriptions(subscription._meta.concrete_model, conditions, subscription, live_only)


def in_use_by(subscription, *, live_only: bool = False):
    """Subscriptions owning blocks that reference this subscription's blocks."""
    conditions = [
        Q(
            pk__in=model._default_manager.filter(
                **{f"{field.name}__subscription_id": subscription.pk}
            ).values("subscription_id")
        )
        for model, field in references()
    ]
    return _subscriptions(subscription._meta.concrete_model, conditions, subscription, live_only)


def _subscriptions(model, conditions, subscription, live_only):
    if not conditions:
        return model.objects.none()
    queryset = model.objects.filter(reduce(or_, conditions)).exclude(pk=subscription.pk)
    if live_only:
        queryset = queryset.exclude(status=SubscriptionLifecycle.TERMINATED)
    return queryset.select_related("product", "customer").order_by("description", "pk")
