"""The product-block base class and the two ways blocks hang together inside a subscription.

A block is a plain Django model with typed columns, owned by one subscription. Inside a
subscription, blocks form a tree:

- the product type (a typed subscription class) names its root block(s) with `RootBlock`;
- a block names an ordered list of child blocks with `BlockList(min_items, max_items)`,
  and the child points back with a `ParentBlockKey`.

Any other foreign key from a block to a block is a *reference*: it points at a block owned
by another subscription (a port's node). "Depends on" and "in use by" are derived from
those references, for every block type alike: per block here, per subscription in
`subscriptions.relations`.

The declarations live in `subscriptions.block_structure`, the fast loading in
`subscriptions.block_loading`; this module is where products import all of them from.

Per-lifecycle completeness is declared on the block class:

    required_from = {"provisioning": ["node_name"], "active": ["ims_id"]}
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, ClassVar, Self

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.signals import class_prepared
from django.dispatch import receiver

from subscriptions.block_loading import build_loaded, load_blocks, with_references
from subscriptions.block_structure import BlockList, ParentBlockKey, RootBlock, class_attributes
from subscriptions.change_tracking import TracksChanges
from subscriptions.history import process_history
from subscriptions.lifecycle import REQUIREMENT_LEVELS

__all__ = [
    "BlockList",
    "ParentBlockKey",
    "ProductBlock",
    "RootBlock",
    "block_models",
    "load_blocks",
    "with_references",
]


@receiver(class_prepared)
def _check_block_declaration(sender, **kwargs):
    """Fail at import, not at the first transition, when `required_from` names unknown things.

    Connected before ProductBlock is defined, so it runs before simple-history builds the
    history model of a block (that receiver is connected while ProductBlock is built)."""
    if not issubclass(sender, globals().get("ProductBlock", ())) or sender._meta.abstract:
        return
    unknown_levels = set(sender.required_from) - set(REQUIREMENT_LEVELS)
    if unknown_levels:
        raise ImproperlyConfigured(
            f"{sender.__name__}.required_from has keys {sorted(unknown_levels)}; "
            f"allowed: {', '.join(REQUIREMENT_LEVELS)}"
        )
    field_names = {f.name for f in sender._meta.concrete_fields}
    for level, names in sender.required_from.items():
        unknown = [n for n in names if n not in field_names]
        if unknown:
            raise ImproperlyConfigured(
                f"{sender.__name__}.required_from[{level!r}] names {unknown}, which are not fields of "
                f"{sender.__name__}; its fields: {', '.join(sorted(field_names))}"
            )


class ProductBlock(TracksChanges):
    """Base of every product block. Subclasses add typed columns, `required_from` and `title`."""

    subscription = models.ForeignKey(
        "subscriptions.Subscription", on_delete=models.CASCADE, related_name="+", editable=False
    )
    # Order within the parent's list (0 for a root block): lists keep the order they were given.
    position = models.PositiveSmallIntegerField(default=0, editable=False)

    history = process_history(inherit=True)

    #: Fields that must be filled from a lifecycle state on: {"provisioning": [...], "active": [...]}.
    required_from: ClassVar[Mapping[str, Sequence[str]]] = {}

    class Meta:
        abstract = True

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Self:
        """Build a loaded block the fast way when it is safe (see block_loading.build_loaded)."""
        block = build_loaded(cls, db, field_names, values)
        return block if block is not None else super().from_db(db, field_names, values, **kwargs)

    @property
    def title(self) -> str:
        """How the block is named to users (in refusals, admin, history); subclasses say more."""
        return f"{self._meta.verbose_name} {self.pk or '(new)'}"

    def __str__(self) -> str:
        return self.title

    # --- Relations (per subscription: subscriptions.relations) ----------------------
    def depends_on_blocks(self) -> list[ProductBlock]:
        """The blocks of other subscriptions this block references (already loaded with the tree)."""
        referenced = (getattr(self, field.name) for field in self.reference_fields())
        return [b for b in referenced if b is not None and b.subscription_id != self.subscription_id]

    def in_use_by_blocks(self) -> list[ProductBlock]:
        """The blocks of other subscriptions that reference this block (one query per referring field)."""
        users: list[ProductBlock] = []
        for model in block_models():
            for field in model.reference_fields():
                if isinstance(self, field.related_model):
                    users += model._default_manager.filter(**{field.attname: self.pk}).exclude(
                        subscription_id=self.subscription_id
                    )
        return users

    # --- Structure, read from the class once ----------------------------------------
    @classmethod
    def block_lists(cls) -> dict[str, BlockList]:
        """The lists declared on this block class (read once per class: the tree walks call it per block)."""
        lists = _block_lists_cache.get(cls)
        if lists is None:
            lists = _block_lists_cache[cls] = {
                name: attr for name, attr in class_attributes(cls) if isinstance(attr, BlockList)
            }
        return lists

    @classmethod
    def reference_fields(cls) -> list[models.ForeignKey]:
        """Foreign keys to blocks of other subscriptions (not the parent key, not the owner)."""
        return [
            f
            for f in cls._meta.concrete_fields
            if isinstance(f, models.ForeignKey)
            and not isinstance(f, ParentBlockKey)
            and isinstance(f.related_model, type)
            and issubclass(f.related_model, ProductBlock)
        ]

    @classmethod
    def parent_key(cls) -> ParentBlockKey | None:
        keys = [f for f in cls._meta.concrete_fields if isinstance(f, ParentBlockKey)]
        return keys[0] if keys else None


def block_models() -> list[type[ProductBlock]]:
    """Every concrete block model of the installed apps."""
    return [m for m in apps.get_models() if issubclass(m, ProductBlock)]


_block_lists_cache: dict[type, dict[str, BlockList]] = {}
