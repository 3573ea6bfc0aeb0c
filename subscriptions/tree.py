"""The public entry to a subscription's block tree: `load_subscription(id)` reads a typed
subscription with its whole tree; saving and checking are `subscriptions.block_tree`'s,
named here too, so callers need one module (`subscriptions.tree`) for the whole tree.
"""

from __future__ import annotations

from subscriptions.block_tree import (
    as_typed,
    missing_for_state,
    owned_blocks,
    preload_tree,
    save_subscription,
)
from subscriptions.models import Subscription
from subscriptions.product_types import product_type_name

__all__ = [
    "as_typed",
    "load_subscription",
    "missing_for_state",
    "owned_blocks",
    "preload_tree",
    "save_subscription",
]


def load_subscription(subscription_id, *, as_type: type | None = None):
    """The typed subscription with its whole block tree, in a constant number of queries."""
    try:
        subscription = Subscription.objects.select_related("product", "customer").get(pk=subscription_id)
    except Subscription.DoesNotExist:
        raise Subscription.DoesNotExist(f"No subscription with id {subscription_id}") from None
    typed = as_typed(subscription)
    if as_type is not None and not isinstance(typed, as_type):
        raise TypeError(
            f"Subscription {subscription_id} is a {product_type_name(type(typed))} "
            f"({subscription.product.name}), not a {as_type.__name__}"
        )
    preload_tree(typed)
    return typed
