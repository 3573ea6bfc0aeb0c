"""Reading blocks fast: a whole subscription tree in a constant number of queries, each
referenced block built once per load.

This module and nothing else in the project leans on Django internals below the
documented QuerySet and Model API, for speed only (docs/benchmarks.md: loading a tree of
a thousand blocks is most of a workflow step's time). Each place says which internal it
uses and why no public API does the same; each falls back to the public way whenever it
meets anything it was not written for, so a Django upgrade that changes an internal makes
loads slower, or fails a test in tests/unit/subscriptions, rather than wrong.

Knows blocks only by the small protocol the base class gives them (`reference_fields()`),
so the block classes can import it without a circle.
"""

from __future__ import annotations

# ModelState is not exported by django.db.models: it is what Model.__init__ puts in
# `_state`, documented as `Model._state` with its `adding` and `db` (the only two set here).
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable
from django.db.models.signals import post_init, pre_init


def build_loaded(model, db, field_names, values):
    """A loaded block built without Model.__init__, or None when that is not safe.

    Model.__init__ is most of the cost of loading a large tree (it sets every column through
    its descriptor and sends two signals). The documented hook for loading is `from_db()`
    (docs: "Customizing model loading"), whose example still calls `cls(...)`; Django has
    no public way to build an instance from a row without __init__, hence the `ModelState`
    above. The result is what __init__ would give: the columns in __dict__, a state that
    says "from `db`"; the row itself is kept for `changed_fields()`. None (so the caller
    takes Django's way) for deferred columns or when anything listens to init signals."""
    if len(values) != _fast_build_width(model):
        return None
    block = model.__new__(model)
    attributes = block.__dict__
    attributes.update(zip(field_names, values, strict=True))
    state = attributes["_state"] = ModelState()
    state.adding = False
    state.db = db
    attributes["_loaded_row"] = (field_names, values)  # what changed_fields() compares with
    return block


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


def load_blocks(queryset) -> list:
    """`list(queryset)` for a query of blocks with their references joined in (`with_references`),
    building each referenced block once per load: a thousand endpoints on ten routers make
    ten router objects, not a thousand (the rows repeat the router; the objects need not).

    Django's public iteration builds one object per joined row and has no option to share
    them; the public alternative (prefetch_related per reference) costs a query per level
    of references, which the query-count baselines of tests/unit/subscriptions forbid. So
    this reads the rows through the query's SQL compiler (`get_compiler`, `execute_sql`,
    `klass_info`, `results_iter`: the internals ModelIterable itself uses) and falls back to
    Django's own iteration for anything but a plain query of whole rows (the private
    QuerySet attributes checked below are that test)."""
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


def reference_paths(model, depth: int = 3) -> list[str]:
    """select_related paths following references (sap → port → node), computed once per model."""
    cached = _reference_paths_cache.get(model)
    if cached is None:
        cached = _reference_paths_cache[model] = _paths(model, "", depth, frozenset({model}))
    return cached


_reference_paths_cache: dict[type, list[str]] = {}


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
