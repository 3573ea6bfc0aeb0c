"""Loading a page of subscriptions at once: their block trees and their relations, in a
number of queries that depends on the catalogue (block and reference types), not on how
many subscriptions or blocks the page holds. Used by GraphQL, whose pages ask for both."""

from __future__ import annotations

from collections import defaultdict

from subscriptions.block_tree import as_typed, owned_blocks
from subscriptions.blocks import ProductBlock, with_references
from subscriptions.product_types import root_blocks
from subscriptions.relations import references


def preload_trees(subscriptions: list) -> list:
    """Type each subscription and load its whole tree; one query per root and list declared."""
    typed = [as_typed(s) for s in subscriptions]
    by_type: dict[type, list] = defaultdict(list)
    for subscription in typed:
        by_type[type(subscription)].append(subscription)
    for product_type, members in by_type.items():
        for descriptor in root_blocks(product_type).values():
            model = descriptor.model
            owned = model._default_manager.filter(subscription_id__in=[s.pk for s in members])
            roots = {block.subscription_id: block for block in with_references(owned)}
            for subscription in members:
                descriptor.set_loaded(subscription, roots.get(subscription.pk))
            _preload_lists(model, list(roots.values()))
    return typed


def _preload_lists(model: type[ProductBlock], parents: list[ProductBlock]) -> None:
    if not parents:
        return
    for block_list in model.block_lists().values():
        key = block_list.parent_field
        children_query = block_list.child_model._default_manager.filter(
            **{f"{key.attname}__in": [p.pk for p in parents]}
        )
        children = list(with_references(children_query).order_by(key.attname, "position"))
        by_parent: dict = defaultdict(list)
        for child in children:
            by_parent[getattr(child, key.attname)].append(child)
        owner_field = block_list.child_model._meta.get_field("subscription")
        for parent in parents:
            items = by_parent.get(parent.pk, [])
            owner = parent._meta.get_field("subscription").get_cached_value(parent, None)
            for child in items:
                key.set_cached_value(child, parent)
                if owner is not None:
                    owner_field.set_cached_value(child, owner)
            block_list.set_loaded(parent, items)
        _preload_lists(block_list.child_model, children)


def relation_ids(subscription_ids: list) -> tuple[dict, dict]:
    """({id: {ids it depends on}}, {id: {ids it is in use by}}), two queries per reference."""
    depends_on: dict = defaultdict(set)
    in_use_by: dict = defaultdict(set)
    for model, field in references():
        manager = model._default_manager
        uses = manager.filter(subscription_id__in=subscription_ids, **{f"{field.attname}__isnull": False})
        for owner, target in uses.values_list("subscription_id", f"{field.name}__subscription_id"):
            if owner != target:
                depends_on[owner].add(target)
        used = manager.filter(**{f"{field.name}__subscription_id__in": subscription_ids})
        for target, owner in used.values_list(f"{field.name}__subscription_id", "subscription_id"):
            if owner != target:
                in_use_by[target].add(owner)
    return depends_on, in_use_by


class SubscriptionPage:
    """A page of typed subscriptions with their trees loaded; their relations and the
    blocks of every subscription involved are available without further per-item queries."""

    def __init__(self, subscriptions: list):
        self.subscriptions = preload_trees(subscriptions)
        self._ids = {s.pk for s in self.subscriptions}
        self._related: dict = {}
        self._relations: tuple[dict, dict] | None = None

    def holds(self, subscription) -> bool:
        return subscription.pk in self._ids

    def relations(self) -> tuple[dict, dict]:
        """({id: [subscriptions it depends on]}, {id: [subscriptions using it]}), typed, trees loaded."""
        if self._relations is None:
            from subscriptions.models import Subscription

            depends_ids, users_ids = relation_ids([s.pk for s in self.subscriptions])
            wanted = set().union(*depends_ids.values(), *users_ids.values())
            related = preload_trees(
                list(Subscription.objects.filter(pk__in=wanted).select_related("product", "customer"))
            )
            self._related = {s.pk: s for s in related}
            order = lambda s: (s.description, str(s.pk))  # noqa: E731
            self._relations = (
                {k: sorted((self._related[i] for i in v), key=order) for k, v in depends_ids.items()},
                {k: sorted((self._related[i] for i in v), key=order) for k, v in users_ids.items()},
            )
        return self._relations

    def blocks_of(self, model: type[ProductBlock]) -> list[ProductBlock]:
        """Every loaded block of this class, on the page and among the related subscriptions."""
        subscriptions = self.subscriptions + list(self._related.values())
        return [b for s in subscriptions for b in owned_blocks(s) if isinstance(b, model)]
