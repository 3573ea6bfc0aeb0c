"""How the workflow engine carries subscriptions through process state, without either side
importing the other: the engine's `register_type(TypeAdapter(**subscription_state_adapter()))`
(in the workflows app) teaches it to

- fill a step parameter annotated with a product type (or `Subscription`) from the id in
  state, loading the whole tree (`load_subscription`, refusing a subscription of another type);
- store a subscription in state as its id;
- save a subscription a step returns (the whole tree, changed rows only, version checked).
"""

from __future__ import annotations

import inspect

from subscriptions.models import Subscription
from subscriptions.tree import load_subscription


def is_subscription_type(annotation) -> bool:
    return inspect.isclass(annotation) and issubclass(annotation, Subscription)


def load_from_state(annotation, value):
    if isinstance(value, Subscription):
        return value
    return load_subscription(value, as_type=None if annotation is Subscription else annotation)


def dump_to_state(subscription: Subscription) -> str:
    return str(subscription.pk)


def is_subscription(value) -> bool:
    return isinstance(value, Subscription)


def save_returned(subscription: Subscription) -> None:
    subscription.save()


def subscription_state_adapter() -> dict:
    """Keyword arguments for the engine's TypeAdapter."""
    return {
        "matches": is_subscription_type,
        "load": load_from_state,
        "dump": dump_to_state,
        "handles_value": is_subscription,
        "save": save_returned,
    }
