"""Which subscription workflows may start on a subscription: the rules of
`subscriptions.gating` applied to the workflows declared in code, plus the two checks that
need the engine's records — an unfinished process holding the subscription, and a stale
version.

- `workflows_for_subscription(subscription)`: every workflow offered for the
  subscription's product, each allowed or with the reasons it is not (for the web UI,
  the REST API and GraphQL).
- `start_refusals(definition, subscription, version)`: why this workflow may not start
  now (empty: it may). The first form page of a subscription workflow shows these as
  field errors; `check_start` repeats them on the locked row when the process is created,
  so two starts racing for one subscription cannot both pass.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from django.core.exceptions import ImproperlyConfigured

from engine.errors import EngineError
from engine.workflow import Target, WorkflowDefinition, all_workflows
from products.registry import products_of_type, registered_products
from subscriptions.gating import (
    GatingPolicy,
    SubscriptionFacts,
    WorkflowOption,
    gate_workflows,
    subscription_facts,
)
from subscriptions.models import Subscription

#: `products=EVERY_PRODUCT`: offered for every product (modify note).
EVERY_PRODUCT = "__every_product__"

#: Workflows that work on an existing subscription (and so are gated and hold it).
ON_EXISTING = (Target.MODIFY, Target.TERMINATE, Target.VALIDATE, Target.RECONCILE)
TARGET_ORDER = [Target.CREATE, *ON_EXISTING, Target.SYSTEM]


class SubscriptionWorkflowRefused(EngineError):
    """A subscription workflow may not start on this subscription now; `reasons` says why."""

    def __init__(self, workflow_key: str, subscription, reasons: list[str]):
        self.workflow_key = workflow_key
        self.subscription = subscription
        self.reasons = list(reasons)
        super().__init__(
            f"Workflow {workflow_key!r} cannot start on subscription {subscription_label(subscription)}: "
            + "; ".join(self.reasons)
        )


def subscription_label(subscription) -> str:
    return (
        f"{subscription.description!r} ({subscription.pk})"
        if subscription.description
        else str(subscription.pk)
    )


# --- Which products a workflow serves ------------------------------------------------------


def offered_product_names(definition: WorkflowDefinition) -> frozenset[str] | None:
    """The names of the products the workflow is offered for; None: every product."""
    declared = definition.extras.get("products")
    if declared is None:
        return frozenset()
    if declared == EVERY_PRODUCT:
        return None
    return _resolve_products(definition.key, tuple(declared))


@cache
def _resolve_products(workflow_key: str, declared: tuple) -> frozenset[str]:
    known = {d.name for d in registered_products()}
    names = set()
    for item in declared:
        if isinstance(item, str):
            if item not in known:
                raise ImproperlyConfigured(
                    f"Workflow {workflow_key!r} is offered for product {item!r}, which is not declared; "
                    f"declared products: {', '.join(sorted(known)) or 'none'} (or pass a product type class)"
                )
            names.add(item)
        else:
            of_type = products_of_type(item)
            if not of_type:
                raise ImproperlyConfigured(
                    f"Workflow {workflow_key!r} is offered for product type {item!r}, which declares no "
                    "products "
                    "(see products.registry.register_products)"
                )
            names.update(d.name for d in of_type)
    return frozenset(names)


def offers(definition: WorkflowDefinition, product_name: str) -> bool:
    names = offered_product_names(definition)
    return names is None or product_name in names


def is_subscription_workflow(definition: WorkflowDefinition) -> bool:
    return "products" in definition.extras


def workflows_for_product(product_name: str) -> list[WorkflowDefinition]:
    """The subscription workflows offered for a product, create first, then by key."""
    offered = [d for d in all_workflows().values() if is_subscription_workflow(d) and offers(d, product_name)]
    return sorted(offered, key=lambda d: (TARGET_ORDER.index(d.target), d.key))


def gating_policy() -> GatingPolicy:
    """The per-workflow overrides the decorators declared, over the engine spec's defaults."""
    definitions = all_workflows().values()
    return GatingPolicy(
        usable_states={
            d.key: frozenset(d.extras["usable_states"])
            for d in definitions
            if d.extras.get("usable_states") is not None
        },
        blocked_while_in_use=frozenset(d.key for d in definitions if d.extras.get("blocked_while_in_use")),
        allowed_out_of_sync=GatingPolicy().allowed_out_of_sync
        | frozenset(d.key for d in definitions if d.extras.get("allowed_out_of_sync")),
    )


# --- Processes holding a subscription -----------------------------------------------------


def holding_processes(subscription) -> list:
    """The unfinished processes linked to the subscription (one query)."""
    from engine.models import UNFINISHED, Process

    return list(
        Process.objects.filter(process_subscriptions__subscription_id=subscription.pk, status__in=UNFINISHED)
        .select_related("workflow")
        .order_by("started_at")
    )


def held_reason(processes) -> str:
    described = ", ".join(f"{p.workflow.key} process {p.pk} ({p.status})" for p in processes)
    return (
        f"an unfinished process holds the subscription: {described}; let it complete, or abort it "
        "(then 'set in sync' once the subscription is checked)"
    )


# --- Decisions --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class WorkflowAvailability:
    """One workflow on one subscription: may it start, and if not, every reason why not."""

    key: str
    description: str
    target: str
    allowed: bool
    reasons: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _option(definition: WorkflowDefinition) -> WorkflowOption:
    return WorkflowOption(definition.key, definition.target.value, definition.is_task)


def stale_version_reason(subscription, version: int | None) -> str:
    if version is None or int(version) == subscription.version:
        return ""
    return (
        f"the subscription changed since it was read: the form showed version {version}, "
        f"it is now at version {subscription.version}; reload it and try again"
    )


def _decide(definitions, subscription, facts: SubscriptionFacts, holders: list, version=None):
    decisions = gate_workflows(facts, [_option(d) for d in definitions], gating_policy())
    result = []
    for definition, decision in zip(definitions, decisions, strict=True):
        reasons = list(decision.reasons)
        if definition.target in ON_EXISTING:
            if not offers(definition, subscription.product.name):
                reasons.insert(
                    0, f"{definition.key} is not offered for product {subscription.product.name!r}"
                )
            if holders:
                reasons.append(held_reason(holders))
            stale = stale_version_reason(subscription, version)
            if stale:
                reasons.append(stale)
        result.append(
            WorkflowAvailability(
                definition.key, definition.description, definition.target.value, not reasons, tuple(reasons)
            )
        )
    return result


def workflows_for_subscription(subscription) -> list[WorkflowAvailability]:
    """Every workflow offered for the subscription's product (create first), each with
    `allowed` and, when not allowed, every reason (two queries, whatever the number of
    workflows)."""
    definitions = workflows_for_product(subscription.product.name)
    return _decide(
        definitions, subscription, subscription_facts(subscription), holding_processes(subscription)
    )


def start_refusals(definition: WorkflowDefinition, subscription, version: int | None = None) -> list[str]:
    """Why `definition` may not start on `subscription` now (empty list: it may)."""
    facts = subscription_facts(subscription)
    return list(
        _decide([definition], subscription, facts, holding_processes(subscription), version)[0].reasons
    )


def check_start(definition: WorkflowDefinition, state: dict) -> None:
    """Inside the start transaction: lock the subscription row and refuse with every reason.

    The lock is held until the process and its link to the subscription are committed, so
    a second start on the same subscription waits, then sees the first one holding it."""
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("product")
        .get(pk=state["subscription_id"])
    )
    reasons = start_refusals(definition, subscription, state.get("version"))
    if reasons:
        raise SubscriptionWorkflowRefused(definition.key, subscription, reasons)
