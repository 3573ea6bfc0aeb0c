"""Built-in task: check the product catalogue in the database against the code.

- products and their fixed inputs, and workflows and the products they serve, are in
  the database as the code declares them (what `migrate` syncs);
- every product has create, modify, terminate and validate workflows (the built-ins
  offered for every product, such as modify note, do not count);
- every product's product type is declared in code, and every subscription loads.

Problems make the process end `inconsistent_data` with the list; none: completed.
"""

from __future__ import annotations

from engine import InconsistentData, State, begin, step, task
from engine.workflow import Target, all_workflows
from lifecycle.gating import is_subscription_workflow, offered_product_names
from products.models import Product
from products.registry import registered_products
from subscriptions.models import Subscription
from subscriptions.product_types import product_type_class
from subscriptions.tree import load_subscription

REQUIRED_TARGETS = (Target.CREATE, Target.MODIFY, Target.TERMINATE, Target.VALIDATE)
#: At most this many unloadable subscriptions are named; the rest are counted.
NAMED_LOAD_FAILURES = 20


def product_problems() -> list[str]:
    problems = []
    declared = {d.name: d for d in registered_products()}
    stored = {p.name: p for p in Product.objects.prefetch_related("fixed_inputs")}
    for name, definition in declared.items():
        product = stored.get(name)
        if product is None:
            problems.append(f"product {name!r} is declared in code but not in the database (run migrate)")
            continue
        wanted = {
            "product_type": definition.product_type,
            "tag": definition.tag,
            "description": definition.description,
            "status": str(definition.status),
            "in_code": True,
        }
        for field, value in wanted.items():
            if getattr(product, field) != value:
                problems.append(
                    f"product {name!r}: {field} is {getattr(product, field)!r} in the database, "
                    f"{value!r} in code"
                )
        inputs = {f.name: f.value for f in product.fixed_inputs.all()}
        if inputs != dict(definition.fixed_inputs):
            problems.append(
                f"product {name!r}: fixed inputs are {inputs} in the database, "
                f"{dict(definition.fixed_inputs)} in code"
            )
        try:
            product_type_class(definition.product_type)
        except LookupError as missing:
            problems.append(f"product {name!r}: {missing}")
    for name, product in stored.items():
        if name not in declared and product.in_code:
            problems.append(
                f"product {name!r} is in the database as in code, but the code no longer declares it"
            )
    return problems


def workflow_problems() -> list[str]:
    from engine.models import Workflow

    problems = []
    declared = all_workflows()
    stored = {w.key: w for w in Workflow.objects.prefetch_related("products")}
    product_names = {p.pk: p.name for p in Product.objects.filter(in_code=True)}
    for key, definition in declared.items():
        row = stored.get(key)
        if row is None or row.removed_at is not None:
            problems.append(f"workflow {key!r} is declared in code but not (or as removed) in the database")
            continue
        if (row.target, row.is_task) != (definition.target.value, definition.is_task):
            problems.append(
                f"workflow {key!r}: target {row.target} in the database, {definition.target.value} in code"
            )
        names = offered_product_names(definition)
        wanted = set(product_names.values()) if names is None else set(names)
        linked = {p.name for p in row.products.all()}
        if linked != wanted:
            problems.append(
                f"workflow {key!r} serves {sorted(linked)} in the database, {sorted(wanted)} in code"
            )
    for key, row in stored.items():
        if key not in declared and row.removed_at is None:
            problems.append(f"workflow {key!r} is in the database but no longer declared in code")
    return problems


def coverage_problems() -> list[str]:
    """Products lacking one of the four workflows every product needs."""
    offered: dict[str, set[str]] = {d.name: set() for d in registered_products()}
    for definition in all_workflows().values():
        names = offered_product_names(definition) if is_subscription_workflow(definition) else None
        if not is_subscription_workflow(definition) or names is None:
            continue  # tasks, and built-ins offered for every product
        for name in names:
            offered.setdefault(name, set()).add(definition.target.value)
    problems = []
    for name, targets in sorted(offered.items()):
        missing = [t.value.lower() for t in REQUIRED_TARGETS if t.value not in targets]
        if missing:
            problems.append(f"product {name!r} has no {', '.join(missing)} workflow")
    return problems


def subscription_problems() -> tuple[list[str], int]:
    """(problems, how many subscriptions loaded)."""
    failures, loaded = [], 0
    for subscription_id in Subscription.objects.order_by("pk").values_list("pk", flat=True).iterator():
        try:
            load_subscription(subscription_id)
            loaded += 1
        except Exception as exc:  # noqa: BLE001 - any reason it does not load is a finding
            failures.append(f"subscription {subscription_id} does not load: {type(exc).__name__}: {exc}")
    named = failures[:NAMED_LOAD_FAILURES]
    if len(failures) > len(named):
        named.append(f"… and {len(failures) - len(named)} more subscriptions that do not load")
    return named, loaded


@step("Check the catalogue against the code")
def check_catalogue() -> State:
    problems = product_problems() + workflow_problems() + coverage_problems()
    load_failures, loaded = subscription_problems()
    problems += load_failures
    if problems:
        raise InconsistentData(f"{len(problems)} catalogue problem(s): " + "; ".join(problems))
    return {
        "catalogue": {
            "products": len(registered_products()),
            "workflows": len(all_workflows()),
            "subscriptions_loaded": loaded,
        }
    }


@task("Validate the product catalogue against the code")
def task_validate_catalogue():
    return begin >> check_catalogue
