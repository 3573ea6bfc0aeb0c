"""The standard steps of subscription workflows, and helpers for the steps authors write.

The decorators of `lifecycle.subscription_workflows` put these around the
author's steps; authors may also use them directly (`set_status`, `ensure_provisioning_status`,
`store_process_subscription`, `new_subscription`). Each is idempotent: run twice, it leaves
the same result as once.

Subscriptions are found in the state under `subscription` (its id; a step parameter
`subscription: <ProductType>` loads the whole tree from it).
"""

from __future__ import annotations

from typing import overload

from engine.errors import StateError
from engine.state import State
from engine.steps import Step, step
from products.models import Product
from subscriptions.lifecycle import SubscriptionLifecycle
from subscriptions.models import Subscription


def subscription_id_in(state: State, step_name: str) -> str:
    """The id of the subscription the process works on, or a clear error naming the step."""
    value = state.get("subscription") or state.get("subscription_id")
    if not value:
        raise StateError(
            f"Step {step_name!r} needs the subscription in the state ('subscription' holding its id); "
            "a create workflow's steps must return {'subscription': <the new subscription>} first"
        )
    return str(value)


@overload
def new_subscription(product: int | Product, customer_id: int, description: str = "") -> Subscription: ...


@overload
def new_subscription[S: Subscription](
    product: int | Product, customer_id: int, description: str = "", *, as_type: type[S]
) -> S: ...


def new_subscription(
    product: int | Product,
    customer_id: int,
    description: str = "",
    *,
    as_type: type[Subscription] | None = None,
) -> Subscription:
    """A new, unsaved subscription of the product's type, in status initial and out of sync;
    `as_type`: the product type the caller fills (refused when the product makes another).

    A create workflow's first step builds it, fills its root blocks and returns it as
    `{"subscription": subscription}`; the engine saves it (with its blocks)."""
    if not isinstance(product, Product):
        product = Product.objects.get(pk=product)
    cls = product.subscription_class
    subscription = cls(product=product, customer_id=customer_id, description=description, insync=False)
    if as_type is not None and not isinstance(subscription, as_type):
        raise TypeError(f"Product {product.name} makes a {cls.__name__}, not a {as_type.__name__}")
    return subscription


def link_process(process_id: str, subscription_id: str) -> None:
    """Record that the process works on the subscription (idempotent)."""
    from engine.models import ProcessSubscription

    # One statement (INSERT … ON CONFLICT DO NOTHING), where get_or_create took four with its savepoint.
    ProcessSubscription.objects.bulk_create(
        [ProcessSubscription(process_id=process_id, subscription_id=subscription_id)], ignore_conflicts=True
    )


@step("Link process to subscription")
def store_process_subscription(process_id: str, state: State) -> State | None:
    """While the process is unfinished, the link holds the subscription: no other
    subscription workflow starts on it (a modify/terminate/validate/reconcile already
    links at start; a create links its new subscription here)."""
    link_process(process_id, subscription_id_in(state, "Link process to subscription"))
    return None


def _set_insync(state: State, step_name: str, insync: bool) -> State | None:
    subscription = Subscription.objects.get(pk=subscription_id_in(state, step_name))
    if subscription.insync != insync:
        subscription.insync = insync
        subscription.save(update_fields=["insync"])
    return None


@step("Mark subscription out of sync")
def unsync(state: State) -> State | None:
    """Shows everyone that a process is changing (or checking) the subscription."""
    return _set_insync(state, "Mark subscription out of sync", False)


@step("Mark subscription in sync")
def resync(state: State) -> State | None:
    return _set_insync(state, "Mark subscription in sync", True)


def set_status(target: str) -> Step:
    """A step moving the subscription to `target` through its lifecycle transition (which
    checks the whole block tree for that state and refuses with the missing fields)."""
    target = SubscriptionLifecycle(target)

    def set_subscription_status(subscription: Subscription) -> State:
        subscription.set_status(target)  # no-op when already there
        return {"subscription": subscription}

    return step(f"Set subscription status {target.value}")(set_subscription_status)


@step("Ensure provisioning status")
def ensure_provisioning_status(subscription: Subscription) -> State:
    """Move a new (initial) or active subscription to provisioning; leave a provisioning one."""
    subscription.set_status(SubscriptionLifecycle.PROVISIONING)
    return {"subscription": subscription}
