"""Built-in task: start the validate workflow of every active subscription (nightly)."""

from __future__ import annotations

from engine import State, begin, step, task
from engine.actors import SCHEDULER, VALIDATE_ALL
from engine.errors import EngineError
from engine.operations import start_process
from engine.workflow import Target
from lifecycle.gating import workflows_for_product
from subscriptions.lifecycle import SubscriptionLifecycle
from subscriptions.models import Subscription


def validate_workflow_keys(product_name: str) -> list[str]:
    return [d.key for d in workflows_for_product(product_name) if d.target == Target.VALIDATE]


@step("Start validate workflows")
def start_validate_workflows() -> State:
    """One validate process per active subscription and validate workflow of its product.

    A subscription a validate may not start on (out of sync, held by a process) is listed
    with the reason, not failed: the others still get validated. The validates are started by
    the system identity `system:validate_all`: whoever may run this task may have them all run
    (the task's own process records who started it)."""
    started, refused, without_validate = 0, [], set()
    keys_by_product: dict[str, list[str]] = {}
    active = Subscription.objects.filter(status=SubscriptionLifecycle.ACTIVE).select_related("product")
    for subscription in active.order_by("product__name", "description", "pk"):
        product = subscription.product.name
        keys = keys_by_product.setdefault(product, validate_workflow_keys(product))
        if not keys:
            without_validate.add(product)
        for key in keys:
            try:
                start_process(key, [{"subscription_id": str(subscription.pk)}], actor=VALIDATE_ALL)
                started += 1
            except EngineError as refusal:
                refused.append(
                    {"subscription": str(subscription.pk), "workflow": key, "reason": str(refusal)}
                )
    return {
        "validations_started": started,
        "validations_refused": refused,
        "products_without_validate_workflow": sorted(without_validate),
    }


@task("Validate all subscriptions")
def task_validate_all_subscriptions():
    return begin >> start_validate_workflows


def start_nightly_validation() -> str:
    """What the nightly schedule runs: start the task (refused while the engine is paused)."""
    return str(start_process("task_validate_all_subscriptions", [], actor=SCHEDULER).pk)
