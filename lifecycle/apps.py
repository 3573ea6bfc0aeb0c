from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    default_auto_field = "django.db.models.AutoField"
    name = "lifecycle"

    def ready(self):
        connect_subscriptions_to_the_engine()
        register_api_errors()


def connect_subscriptions_to_the_engine() -> None:
    """Steps take and return subscriptions, and every change they make is in the history
    with the process and step; a workflow row names the products it is offered for. The
    engine knows none of it; this is where they meet (the engine's hooks)."""
    from engine.hooks import register_step_context, register_workflow_row_sync
    from engine.state import TypeAdapter, register_type
    from lifecycle.offered_products import sync_offered_products
    from subscriptions.history import history_context
    from subscriptions.state_adapter import subscription_state_adapter

    register_step_context(history_context)
    register_type(TypeAdapter(**subscription_state_adapter()))
    register_workflow_row_sync(sync_offered_products)


def register_api_errors() -> None:
    """The lifecycle's and the domain model's refusals, as HTTP statuses of the API."""
    from django_fsm import TransitionNotAllowed

    from common.api.exceptions import register_api_error
    from lifecycle.gating import SubscriptionWorkflowRefused
    from lifecycle.subscription_operations import SubscriptionHeld
    from subscriptions.lifecycle import StaleSubscription

    register_api_error(StaleSubscription, 409)
    register_api_error(SubscriptionWorkflowRefused, 409, lambda e: {"reasons": e.reasons})
    register_api_error(SubscriptionHeld, 409)
    register_api_error(TransitionNotAllowed, 409)  # lifecycle refusals are subclasses
