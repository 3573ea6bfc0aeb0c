"""A subscription's block tree: load it whole in a constant number of queries, check it
against a lifecycle state, and save only the rows that changed.

Works on a subscription it is given, never on the Subscription model itself: the model's
transitions and save() call into this module (`subscriptions.models` is above it). Loading
by id, which needs the model, is `subscriptions.tree.load_subscription`.

Queries for a load: one for the subscription (with product and customer), one per root
block, one per `BlockList` declared along the tree (each with its references to other
subscriptions' blocks joined in). The number of blocks does not matter.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from subscriptions.blocks import BlockList, ProductBlock, load_blocks, with_references
from subscriptions.history import current_stamp
from subscriptions.lifecycle import requirement_levels
from subscriptions.product_types import product_type_class, product_type_name, root_blocks

# --- Typing and loading ---------------------------------------------------------------


def as_typed(subscription):
    """The subscription as an instance of its product type's class (converted in place)."""
    if subscription._meta.proxy:
        return subscription
    subscription.__class__ = product_type_class(subscription.product.product_type)
    return subscription


def preload_tree(subscription) -> None:
    for descriptor in root_blocks(type(subscription)).values():
        model = descriptor.model
        root = with_references(model._default_manager.filter(subscription_id=subscription.pk)).first()
        descriptor.set_loaded(subscription, root)
        if root is not None:
            _preload_lists(subscription, model, [root])


def _preload_lists(subscription, model: type[ProductBlock], parents: list[ProductBlock]) -> None:
    for block_list in model.block_lists().values():
        child_model = block_list.child_model
        key = block_list.parent_field
        owned = child_model._default_manager.filter(subscription_id=subscription.pk)
        children = load_blocks(with_references(owned).order_by(key.attname, "position"))
        by_parent: dict = {parent.pk: [] for parent in parents}
        parent_by_pk = {parent.pk: parent for parent in parents}
        owner_cache, parent_cache = child_model._meta.get_field("subscription").cache_name, key.cache_name
        for child in children:
            parent_pk = child.__dict__[key.attname]  # whole rows: the column is there (skip the descriptor)
            parent = parent_by_pk.get(parent_pk)
            if parent is not None:
                cached = child._state.fields_cache
                cached[owner_cache], cached[parent_cache] = subscription, parent
                by_parent[parent_pk].append(child)
        for parent in parents:
            block_list.set_loaded(parent, by_parent[parent.pk])
        if children:
            _preload_lists(subscription, child_model, children)


# --- Walking and checking ---------------------------------------------------------------


def owned_blocks(subscription) -> list[ProductBlock]:
    """Every block the subscription owns, parents before their children, lists in order."""
    blocks = [
        b for d in root_blocks(type(subscription)).values() if (b := d.__get__(subscription)) is not None
    ]
    index = 0
    while index < len(blocks):
        for block_list in type(blocks[index]).block_lists().values():
            blocks.extend(block_list.__get__(blocks[index]))
        index += 1
    return blocks


def missing_for_state(subscription, state: str) -> list[tuple[str, list[str]]]:
    """[(block title, [missing field or list-size problem, …]), …] for the tree to be in `state`."""
    levels = requirement_levels(state)
    if not levels:
        return []
    problems = []
    type_name = product_type_name(type(subscription))
    absent_roots = [
        name for name, d in root_blocks(type(subscription)).items() if d.__get__(subscription) is None
    ]
    if absent_roots:
        problems.append((type_name, absent_roots))
    for block in owned_blocks(subscription):
        missing = [
            name for level in levels for name in block.required_from.get(level, ()) if _is_empty(block, name)
        ]
        missing += [p for bl in type(block).block_lists().values() if (p := bl.size_problem(block))]
        if missing:
            problems.append((block.title, missing))
    return problems


def _is_empty(block: ProductBlock, field_name: str) -> bool:
    field = block._meta.get_field(field_name)
    if not isinstance(field, models.Field):  # required_from names columns (checked at import)
        raise TypeError(f"{type(block).__name__}.{field_name} is not a column")
    value = getattr(block, field.attname)
    return value is None or value == "" or (isinstance(value, (list, tuple, dict, set)) and not value)


# --- Saving -------------------------------------------------------------------------------


def save_subscription(subscription, *args, **kwargs) -> None:
    """Save the subscription row and every new, changed or removed block of its tree.

    Only what was loaded can have changed, so lists never read are not walked. The row
    itself is saved (one version more) whenever anything in the tree changed, so the
    version guards the whole tree. New blocks of one kind are inserted in bulk, with their
    history rows; changed blocks write only their changed columns.
    """
    work = _TreeWrites(subscription)
    work.collect()
    if not (subscription._state.adding or work.has_writes or subscription.changed_fields()):
        return  # nothing changed: no version, no history row, no query
    with transaction.atomic():
        subscription.save_row(*args, **kwargs)
        work.write()


#: (block, parent, the parent's list holding it, position): parent and list None for a root block.
_Placement = tuple[ProductBlock, ProductBlock | None, BlockList | None, int]


class _TreeWrites:
    def __init__(self, subscription):
        self.subscription = subscription
        self.levels: list[list[_Placement]] = []
        self.removed: list[tuple[type[ProductBlock], object]] = []
        self.has_writes = False

    def collect(self) -> None:
        """Walk what was loaded; note what is new, changed or dropped (nothing written yet)."""
        sub = self.subscription
        level: list[_Placement] = []
        for descriptor in root_blocks(type(sub)).values():
            if not descriptor.is_loaded(sub):
                continue
            block = descriptor.__get__(sub)
            old_id = descriptor.loaded_id(sub)
            if old_id is not None and (block is None or block.pk != old_id):
                self.removed.append((descriptor.model, old_id))
            if block is not None:
                level.append((block, None, None, 0))
        while level:
            self.levels.append(level)
            next_level: list[_Placement] = []
            for block, _parent, _list, _position in level:
                for block_list in type(block).block_lists().values():
                    if not block_list.is_loaded(block):
                        continue
                    items = block_list.__get__(block)
                    kept = {child.pk for child in items if child.pk is not None}
                    self.removed += [
                        (block_list.child_model, pk) for pk in block_list.loaded_ids(block) - kept
                    ]
                    next_level += [(child, block, block_list, i) for i, child in enumerate(items)]
            level = next_level
        needs_writing = [self._attach(*entry) for level in self.levels for entry in level]  # attach every one
        self.has_writes = bool(self.removed) or any(needs_writing)

    def _attach(self, block, parent, block_list, position) -> bool:
        """Give the block its owner, parent and position; True when it needs writing."""
        sub = self.subscription
        block.subscription_id = sub.pk
        block._meta.get_field("subscription").set_cached_value(block, sub)
        if block_list is not None:
            key = block_list.parent_field
            if parent.pk is not None:
                setattr(block, key.attname, parent.pk)
            key.set_cached_value(block, parent)
            block.position = position
        return block._state.adding or bool(block.changed_fields())

    def write(self) -> None:
        for level in self.levels:
            new_by_model: dict[type, list[ProductBlock]] = defaultdict(list)
            for block, parent, block_list, _position in level:
                if block_list is not None:  # the parent may have been inserted just now
                    assert parent is not None, "a block in a list has the list's owner as parent"
                    setattr(block, block_list.parent_field.attname, parent.pk)
                block.subscription_id = self.subscription.pk
                if block._state.adding:
                    new_by_model[type(block)].append(block)
                else:
                    changed = block.changed_fields()
                    if changed:
                        block.save(update_fields=changed)
            for model, blocks in new_by_model.items():
                _insert(model, blocks)
            for block, *_placement in level:
                for bl in type(block).block_lists().values():
                    if bl.is_loaded(block):
                        bl.set_loaded(block, bl.__get__(block))
        for descriptor in root_blocks(type(self.subscription)).values():
            if descriptor.is_loaded(self.subscription):
                descriptor.set_loaded(self.subscription, descriptor.__get__(self.subscription))
        for model, pk in self.removed:
            for block in model._default_manager.filter(pk=pk):
                block.delete()


def _insert(model: type[ProductBlock], blocks: list[ProductBlock]) -> None:
    if len(blocks) == 1:
        blocks[0].save()
        return
    stamp = current_stamp()
    bulk_create_with_history(
        blocks,
        model,
        default_user=stamp.history_user() if stamp else None,
        default_change_reason=stamp.change_reason if stamp else None,
        custom_historical_attrs=stamp.historical_attrs() if stamp else None,
    )
    for block in blocks:
        block._state.adding = False
        block.remember_saved_values()
