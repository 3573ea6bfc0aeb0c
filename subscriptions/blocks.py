"""The product-block base class and the two ways blocks hang together inside a subscription.

A block is a plain Django model with typed columns, owned by one subscription. Inside a
subscription, blocks form a tree:

- the product type (a typed subscription class) names its root block(s) with `RootBlock`;
- a block names an ordered list of child blocks with `BlockList(min_items, max_items)`,
  and the child points back with a `ParentBlockKey`.

Any other foreign key from a block to a block is a *reference*: it points at a block owned
by another subscription (a port's node). "Depends on" and "in use by" are derived from
those references by `subscriptions.relations`, for every block type alike.

Per-lifecycle completeness is declared on the block class:

    required_from = {"provisioning": ["node_name"], "active": ["ims_id"]}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable
from django.db.models.signals import class_prepared, post_init, pre_init
from django.dispatch import receiver
from django.utils.functional import cached_property

from subscriptions.change_tracking import TracksChanges
from subscriptions.history import process_history
from subscriptions.lifecycle import REQUIREMENT_LEVELS


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


class ParentBlockKey(models.ForeignKey):
    """The block whose `BlockList` this block is in; both belong to the same subscription."""

    def __init__(self, to, **kwargs):
        kwargs.setdefault("on_delete", models.CASCADE)
        kwargs.setdefault("related_name", "+")
        super().__init__(to, **kwargs)


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
    def from_db(cls, db, field_names, values):
        """Build a loaded block without Model.__init__, which is most of the cost of loading a
        large tree (it sets every column through its descriptor and sends two signals). The
        result is what __init__ would give: the columns in __dict__, a ModelState that says
        "from `db`"; the row itself is kept for `changed_fields()`. Falls back to Django's way
        for deferred columns or init signal listeners."""
        if len(values) != _fast_build_width(cls):
            return super().from_db(db, field_names, values)
        block = cls.__new__(cls)
        attributes = block.__dict__
        attributes.update(zip(field_names, values))
        state = attributes["_state"] = ModelState()
        state.adding = False
        state.db = db
        attributes["_loaded_row"] = (field_names, values)  # what changed_fields() compares with
        return block

    @property
    def title(self) -> str:
        """How the block is named to users (in refusals, admin, history); subclasses say more."""
        return f"{self._meta.verbose_name} {self.pk or '(new)'}"

    def __str__(self) -> str:
        return self.title

    # --- Relations (see subscriptions.relations) ------------------------------------
    def depends_on_blocks(self) -> list[ProductBlock]:
        """The blocks of other subscriptions this block references."""
        from subscriptions.relations import block_depends_on

        return block_depends_on(self)

    def in_use_by_blocks(self) -> list[ProductBlock]:
        """The blocks of other subscriptions that reference this block."""
        from subscriptions.relations import block_in_use_by

        return block_in_use_by(self)

    # --- Structure, read from the class once ----------------------------------------
    @classmethod
    def block_lists(cls) -> dict[str, BlockList]:
        """The lists declared on this block class (read once per class: the tree walks call it per block)."""
        lists = _block_lists_cache.get(cls)
        if lists is None:
            lists = _block_lists_cache[cls] = {
                name: attr for name, attr in _class_attributes(cls) if isinstance(attr, BlockList)
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

    def __set__(self, instance, value: Iterable[ProductBlock]):
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

    def __set__(self, instance, block: ProductBlock | None):
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


def _fast_build_width(model) -> int:
    """How many columns a whole row of `model` has; -1 when anything listens to its init
    signals (then blocks are built the usual way). Asked once per model and process:
    listeners are connected while apps load, before any block is read."""
    width = _fast_build_cache.get(model)
    if width is None:
        listened = pre_init.has_listeners(model) or post_init.has_listeners(model)
        width = _fast_build_cache[model] = -1 if listened else len(model._meta.concrete_fields)
    return width


_fast_build_cache: dict[type, int] = {}


def with_references(queryset):
    """The queryset with referenced blocks of other subscriptions joined in (sap → port → node).

    (A bare select_related() would follow every foreign key, so it is called only with paths.)"""
    paths = reference_paths(queryset.model)
    return queryset.select_related(*paths) if paths else queryset


def load_blocks(queryset) -> list[ProductBlock]:
    """`list(queryset)` for a query of blocks with their references joined in (`with_references`),
    building each referenced block once per load: a thousand endpoints on ten routers make
    ten router objects, not a thousand (the rows repeat the router; the objects need not).

    Falls back to Django's own iteration for anything but a plain query of whole rows."""
    query = queryset.query
    if (
        queryset._iterable_class is not ModelIterable
        or queryset._prefetch_related_lookups
        or queryset._known_related_objects
        or query.annotations
        or query.extra
        or query.deferred_loading != (frozenset(), True)
    ):
        return list(queryset)
    db = queryset.db
    compiler = query.get_compiler(using=db)
    results = compiler.execute_sql(chunked_fetch=False)
    klass_info = compiler.klass_info
    if klass_info is None:  # an empty result, known without asking the database
        return list(results)
    plan = _row_plan(klass_info, compiler.select)
    if plan is None:
        return list(queryset)
    model, start, end, attnames, _pk, references = plan
    blocks = []
    for row in compiler.results_iter(results):
        block = model.from_db(db, attnames, row[start:end])
        for reference in references:
            _attach(reference, row, block, db)
        blocks.append(block)
    return blocks


def _row_plan(klass_info, select):
    """(model, first column, end column, attnames, pk index, [reference plan + setters + seen]) of a
    select_related query; None when it descends into inherited models (not how blocks are built)."""
    if klass_info.get("from_parent"):
        return None
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    attnames = [column[0].target.attname for column in select[start:end]]
    model = klass_info["model"]
    references = []
    for related in klass_info.get("related_klass_infos", []):
        plan = _row_plan(related, select)
        if plan is None:
            return None
        # A plain foreign key has nothing to set on the other side (Django passes a no-op).
        remote_setter = related["remote_setter"] if related["reverse"] or related["field"].unique else None
        references.append((*plan, related["local_setter"], remote_setter, {}))
    return model, start, end, attnames, attnames.index(model._meta.pk.attname), references


def _attach(reference, row, block, db) -> None:
    model, start, end, attnames, pk_index, references, local_setter, remote_setter, seen = reference
    values = row[start:end]
    pk = values[pk_index]
    if pk is None:
        target = None
    else:
        target = seen.get(pk)
        if target is None:
            target = seen[pk] = model.from_db(db, attnames, values)
            for deeper in references:
                _attach(deeper, row, target, db)
    local_setter(block, target)
    if target is not None and remote_setter is not None:
        remote_setter(target, block)


def reference_paths(model: type[ProductBlock], depth: int = 3) -> list[str]:
    """select_related paths following references (sap → port → node), computed once per model."""
    cached = _reference_paths_cache.get(model)
    if cached is None:
        cached = _reference_paths_cache[model] = _paths(model, "", depth, frozenset({model}))
    return cached


_reference_paths_cache: dict[type, list[str]] = {}
_block_lists_cache: dict[type, dict[str, BlockList]] = {}


def _paths(model, prefix: str, depth: int, seen: frozenset) -> list[str]:
    if depth == 0:
        return []
    paths = []
    for field in model.reference_fields():
        path = f"{prefix}{field.name}"
        paths.append(path)
        target = field.related_model
        if target not in seen:
            paths.extend(_paths(target, f"{path}__", depth - 1, seen | {target}))
    return paths


def _class_attributes(cls):
    seen = set()
    for klass in cls.__mro__:
        for name, attr in vars(klass).items():
            if name not in seen:
                seen.add(name)
                yield name, attr
