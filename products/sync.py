"""Mirror the products declared in code into the database, idempotently.

Run after every `migrate` (post_migrate), and callable on its own. New products are
created, changed ones updated (code is the source of truth for what it declares), and
products no longer in code are marked `in_code=False`, never deleted: subscriptions
still refer to them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from django.db import transaction

from products.registry import registered_products


@dataclasses.dataclass
class SyncReport:
    created: list[str] = dataclasses.field(default_factory=list)
    updated: list[str] = dataclasses.field(default_factory=list)
    marked_removed: list[str] = dataclasses.field(default_factory=list)

    def __str__(self) -> str:
        parts = [
            f"{label}: {', '.join(names)}"
            for label, names in (
                ("created", self.created),
                ("updated", self.updated),
                ("no longer in code", self.marked_removed),
            )
            if names
        ]
        return "; ".join(parts) or "products up to date"


def sync_products(product_model=None, fixed_input_model=None) -> SyncReport:
    if product_model is None:
        from products.models import FixedInput, Product

        product_model, fixed_input_model = Product, FixedInput
    report = SyncReport()
    declared = {d.name: d for d in registered_products()}
    with transaction.atomic():
        existing = {p.name: p for p in product_model.objects.prefetch_related("fixed_inputs")}
        for name, definition in declared.items():
            product = existing.get(name)
            wanted = {
                "product_type": definition.product_type,
                "tag": definition.tag,
                "description": definition.description,
                "status": str(definition.status),
                "in_code": True,
            }
            if product is None:
                product = product_model.objects.create(name=name, **wanted)
                _sync_fixed_inputs(fixed_input_model, product, {}, definition.fixed_inputs)
                report.created.append(name)
                continue
            changed = [k for k, v in wanted.items() if getattr(product, k) != v]
            if changed:
                for k in changed:
                    setattr(product, k, wanted[k])
                product.save(update_fields=changed)
            current_inputs = {f.name: f for f in product.fixed_inputs.all()}
            inputs_changed = _sync_fixed_inputs(
                fixed_input_model, product, current_inputs, definition.fixed_inputs
            )
            if changed or inputs_changed:
                report.updated.append(name)
        for name, product in existing.items():
            if name not in declared and product.in_code:
                product.in_code = False
                product.save(update_fields=["in_code"])
                report.marked_removed.append(name)
    return report


def _sync_fixed_inputs(model, product, current: dict, wanted: Mapping[str, str | int]) -> bool:
    changed = False
    for name, value in wanted.items():
        fixed_input = current.get(name)
        if fixed_input is None:
            model.objects.create(product=product, name=name, value=value)
            changed = True
        elif fixed_input.value != value:
            fixed_input.value = value
            fixed_input.save(update_fields=["value"])
            changed = True
    stale = [f.pk for n, f in current.items() if n not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
        changed = True
    return changed


def sync_products_after_migrate(sender, apps=None, verbosity=1, **kwargs):
    """post_migrate handler; skipped while the products tables are not migrated yet."""
    if apps is None:  # `flush` (and so every transactional test) sends the signal without apps
        from django.apps import apps
    try:
        product_model = apps.get_model("products", "Product")
        fixed_input_model = apps.get_model("products", "FixedInput")
    except LookupError:
        return
    report = sync_products(product_model, fixed_input_model)
    if verbosity >= 2 or (verbosity >= 1 and (report.created or report.updated or report.marked_removed)):
        print(f"Products: {report}")
