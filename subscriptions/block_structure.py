"""How blocks hang together inside a subscription: the declarations a product writes.

- the product type (a typed subscription class) names its root block(s) with `RootBlock`;
- a block names an ordered list of child blocks with `BlockList(min_items, max_items)`,
  and the child points back with a `ParentBlockKey`.

Import them from `subscriptions.blocks`, with the base class they are used with.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import cached_property

from subscriptions.block_loading import load_blocks, with_references

if TYPE_CHECKING:  # for annotations only: subscriptions.blocks imports this module
    from subscriptions.blocks import ProductBlock


class ParentBlockKey(models.ForeignKey):
    """The block whose `BlockList` this block is in; both belong to the same subscription."""

    def __init__(self, to, **kwargs):
        kwargs.setdefault("on_delete", models.CASCADE)
        kwargs.setdefault("related_name", "+")
        super().__init__(to, **kwargs)


class BlockList:
    """An ordered list of child blocks, declared on the parent block with its size limits.

    `parent.ports` is a plain Python list (index it, append, assign a new list); the tree
    saver gives the children their positions and deletes the ones taken out.
    """

    def __init__(self, to: str | type[ProductBlock], *, min_items: int = 0, max_items: int | None = None):
        if max_items is not None and max_items < min_items:
            raise ImproperlyConfigured(f"BlockList to {to}: max_items {max_items} < min_items {min_items}")
        self.to = to
        self.min_items = min_items
        self.max_items = max_items

    def __set_name__(self, owner, name):
        self.owner = owner
        self.name = name
        self.cache_name = f"_blocklist_{name}"
        self.loaded_ids_name = f"_blocklist_{name}_loaded_ids"

    @cached_property
    def child_model(self) -> type[ProductBlock]:
        if isinstance(self.to, str):
            app_label = self.owner._meta.app_label
            label = self.to if "." in self.to else f"{app_label}.{self.to}"
            return apps.get_model(label)
        return self.to

    @cached_property
    def parent_field(self) -> ParentBlockKey:
        keys = [
            f
            for f in self.child_model._meta.concrete_fields
            if isinstance(f, ParentBlockKey) and issubclass(self.owner, f.related_model)
        ]
        if len(keys) != 1:
            raise ImproperlyConfigured(
                f"{self.owner.__name__}.{self.name}: {self.child_model.__name__} needs exactly one "
                f"ParentBlockKey to {self.owner.__name__}, found {len(keys)}"
            )
        return keys[0]

    def size_rule(self) -> str:
        if self.max_items is None:
            return f"at least {self.min_items}"
        if self.max_items == self.min_items:
            return f"exactly {self.min_items}"
        return f"{self.min_items} to {self.max_items}"

    def size_problem(self, parent) -> str | None:
        """'saps (needs 2 to 8, has 1)' when the list's length is outside its limits."""
        count = len(self.__get__(parent))
        too_few = count < self.min_items
        too_many = self.max_items is not None and count > self.max_items
        return f"{self.name} (needs {self.size_rule()}, has {count})" if too_few or too_many else None

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        items = instance.__dict__.get(self.cache_name)
        if items is None:
            if instance.pk is None:
                items = []
            else:  # not loaded with the tree: read it now
                children = self.child_model._default_manager.filter(
                    **{self.parent_field.attname: instance.pk}
                )
                items = load_blocks(with_references(children).order_by("position"))
            self.set_loaded(instance, items)
        return items

    def __set__(self, instance, value: Iterable):
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise TypeError(f"{self.name} takes a list of {self.child_model.__name__}, got {value!r}")
        if instance.__dict__.get(self.cache_name) is None:
            self.__get__(instance)  # remember what is in the database, to delete what is dropped
        instance.__dict__[self.cache_name] = list(value)

    def set_loaded(self, instance, items: list) -> None:
        """Record `items` as the list as it is in the database (used by the loader and the saver)."""
        instance.__dict__[self.cache_name] = items
        instance.__dict__[self.loaded_ids_name] = {pk for b in items if (pk := b.pk) is not None}

    def loaded_ids(self, instance) -> set:
        return instance.__dict__.get(self.loaded_ids_name, set())

    def is_loaded(self, instance) -> bool:
        return instance.__dict__.get(self.cache_name) is not None


class RootBlock:
    """A root block of a product type: `node = RootBlock(NodeBlock)` on the typed subscription."""

    def __init__(self, to: str | type[ProductBlock]):
        self.to = to

    def __set_name__(self, owner, name):
        self.owner = owner
        self.name = name
        self.cache_name = f"_rootblock_{name}"
        self.loaded_id_name = f"_rootblock_{name}_loaded_id"

    @cached_property
    def model(self) -> type[ProductBlock]:
        if isinstance(self.to, str):
            label = self.to if "." in self.to else f"{self.owner._meta.app_label}.{self.to}"
            return apps.get_model(label)
        return self.to

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if self.cache_name not in instance.__dict__:
            block = None
            if not instance._state.adding:
                block = with_references(
                    self.model._default_manager.filter(subscription_id=instance.pk)
                ).first()
            self.set_loaded(instance, block)
        return instance.__dict__[self.cache_name]

    def __set__(self, instance, block):
        if block is not None and not isinstance(block, self.model):
            raise TypeError(f"{self.name} takes a {self.model.__name__}, got {type(block).__name__}")
        if self.cache_name not in instance.__dict__:
            self.__get__(instance)  # remember the one in the database, to delete it if replaced
        if block is not None:
            block.subscription = instance
        instance.__dict__[self.cache_name] = block

    def set_loaded(self, instance, block) -> None:
        instance.__dict__[self.cache_name] = block
        instance.__dict__[self.loaded_id_name] = block.pk if block is not None else None
        if block is not None:
            type(block)._meta.get_field("subscription").set_cached_value(block, instance)

    def loaded_id(self, instance):
        return instance.__dict__.get(self.loaded_id_name)

    def is_loaded(self, instance) -> bool:
        return self.cache_name in instance.__dict__


def class_attributes(cls):
    """(name, attribute) of a class and its bases, the nearest definition of each name."""
    seen = set()
    for klass in cls.__mro__:
        for name, attr in vars(klass).items():
            if name not in seen:
                seen.add(name)
                yield name, attr
