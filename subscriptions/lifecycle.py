"""Subscription lifecycle states, what each state requires of the blocks, and the refusals.

A block declares the fields that must be filled from a state on (`required_from`); the
requirements accumulate along the lifecycle: active needs what provisioning needs and
more. Disabled and migrating subscriptions are still live services, so they need what
active needs. Nothing is required to be `initial` (an empty block may exist) or to be
`terminated` (a create that failed half-way must still be terminable).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import models
from django_fsm import TransitionNotAllowed


class SubscriptionLifecycle(models.TextChoices):
    INITIAL = "initial", "initial"
    PROVISIONING = "provisioning", "provisioning"
    ACTIVE = "active", "active"
    DISABLED = "disabled", "disabled"
    MIGRATING = "migrating", "migrating"
    TERMINATED = "terminated", "terminated"


#: The states in which a subscription is a live service (others may depend on it).
LIVE_STATES = frozenset(s for s in SubscriptionLifecycle if s != SubscriptionLifecycle.TERMINATED)

#: The keys a block may use in `required_from`, in lifecycle order.
REQUIREMENT_LEVELS = (SubscriptionLifecycle.PROVISIONING, SubscriptionLifecycle.ACTIVE)

_LEVELS_NEEDED = {
    SubscriptionLifecycle.INITIAL: (),
    SubscriptionLifecycle.PROVISIONING: (SubscriptionLifecycle.PROVISIONING,),
    SubscriptionLifecycle.ACTIVE: REQUIREMENT_LEVELS,
    SubscriptionLifecycle.DISABLED: REQUIREMENT_LEVELS,
    SubscriptionLifecycle.MIGRATING: REQUIREMENT_LEVELS,
    SubscriptionLifecycle.TERMINATED: (),
}


def requirement_levels(state: str) -> tuple[str, ...]:
    """The `required_from` keys whose fields must be filled for a subscription in `state`."""
    return _LEVELS_NEEDED[SubscriptionLifecycle(state)]


def enforces_list_sizes(state: str) -> bool:
    """Lists of blocks must hold between their minimum and maximum once the service is ordered."""
    return bool(requirement_levels(state))


class LifecycleError(TransitionNotAllowed):
    """A status transition refused because of what the subscription (tree) holds."""

    def __init__(self, message: str, *, subscription=None, target: str = ""):
        self.subscription = subscription
        self.target = target
        super().__init__(message)


class IncompleteBlocks(LifecycleError):
    """Blocks lack fields the target state requires. `missing` is [(block title, [field, …]), …]."""

    def __init__(self, subscription, target: str, missing: Sequence[tuple[str, Sequence[str]]]):
        self.missing = [(title, list(fields)) for title, fields in missing]
        details = "; ".join(f"{title!r} is missing {', '.join(fields)}" for title, fields in self.missing)
        super().__init__(
            f"Subscription {_name(subscription)} cannot become {target}: {details}",
            subscription=subscription,
            target=target,
        )


class InUseByLiveSubscriptions(LifecycleError):
    """The move would strand live subscriptions that use this one's blocks."""

    def __init__(self, subscription, target: str, users: Iterable):
        self.users = list(users)
        names = ", ".join(_name(s) for s in self.users)
        super().__init__(
            f"Subscription {_name(subscription)} cannot become {target}: it is in use by live "
            f"subscriptions {names}; terminate those first",
            subscription=subscription,
            target=target,
        )


class DependsOnTerminated(LifecycleError):
    """The subscription uses blocks of terminated subscriptions and so cannot go live."""

    def __init__(self, subscription, target: str, dependencies: Iterable):
        self.dependencies = list(dependencies)
        names = ", ".join(_name(s) for s in self.dependencies)
        super().__init__(
            f"Subscription {_name(subscription)} cannot become {target}: it uses blocks of "
            f"terminated subscriptions {names}; point it at live ones first",
            subscription=subscription,
            target=target,
        )


class StaleSubscription(Exception):
    """Someone saved the subscription since it was read: the change was based on old data."""

    def __init__(self, subscription, expected_version: int, current_version: int | None):
        self.subscription = subscription
        self.expected_version = expected_version
        self.current_version = current_version
        now = "it no longer exists" if current_version is None else f"it is now at version {current_version}"
        super().__init__(
            f"Subscription {_name(subscription)} changed since it was read: the change was based on "
            f"version {expected_version} but {now}; reload it and try again"
        )


def _name(subscription) -> str:
    if subscription is None:
        return "?"
    description = getattr(subscription, "description", "") or ""
    return f"{description!r} ({subscription.pk})" if description else str(subscription.pk)
