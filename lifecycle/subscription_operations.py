"""What operators do to subscriptions outside any workflow."""

from __future__ import annotations

from django.db import transaction

from engine.actors import Actor, actor_name, require_permission
from engine.errors import EngineError
from lifecycle.gating import held_reason, holding_processes, subscription_label
from subscriptions.history import history_context
from subscriptions.models import Subscription


class SubscriptionHeld(EngineError):
    """An operation on a subscription that an unfinished process holds."""


def set_in_sync(subscription_id, *, actor: Actor) -> Subscription:
    """Mark a subscription in sync by hand (after checking it, say, once a failed process was
    aborted). Refused while an unfinished process holds it: that process decides."""
    require_permission(
        actor, "subscriptions.change_subscription", f"set subscription {subscription_id} in sync"
    )
    user = actor_name(actor)
    with transaction.atomic():
        try:
            subscription = Subscription.objects.select_for_update().get(pk=subscription_id)
        except (Subscription.DoesNotExist, ValueError, TypeError):
            raise EngineError(f"No subscription with id {subscription_id}") from None
        holders = holding_processes(subscription)
        if holders:
            raise SubscriptionHeld(
                f"Cannot set subscription {subscription_label(subscription)} in sync: {held_reason(holders)}"
            )
        if not subscription.insync:
            subscription.insync = True
            with history_context("", f"set in sync by {user}", user):
                subscription.save(update_fields=["insync"])
    return subscription
