import importlib
import pkgutil

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate


class WorkflowsConfig(AppConfig):
    default_auto_field = "django.db.models.AutoField"
    name = "workflows"

    def ready(self):
        connect_subscriptions_to_the_engine()
        register_api_errors()
        discover_workflows()
        from workflows import sync

        post_migrate.connect(sync.sync_after_migrate, sender=self)


def connect_subscriptions_to_the_engine() -> None:
    """Steps take and return subscriptions, and every change they make is in the history
    with the process and step. The engine knows neither; this is where they meet."""
    from subscriptions.history import history_context
    from subscriptions.state_adapter import subscription_state_adapter
    from workflows.engine.hooks import register_step_context
    from workflows.engine.state import TypeAdapter, register_type

    register_step_context(history_context)
    register_type(TypeAdapter(**subscription_state_adapter()))


def register_api_errors() -> None:
    """The engine's and the lifecycle's refusals, as HTTP statuses of the API."""
    from django_fsm import TransitionNotAllowed

    from common.api.exceptions import HTTP_510_NOT_EXTENDED, register_api_error
    from subscriptions.lifecycle import StaleSubscription
    from workflows.engine import errors
    from workflows.engine.gating import SubscriptionWorkflowRefused
    from workflows.engine.subscription_operations import SubscriptionHeld

    register_api_error(errors.EngineError, 400)
    register_api_error(errors.PermissionRefused, 403)
    register_api_error(errors.FormNotComplete, HTTP_510_NOT_EXTENDED,
                       lambda e: {"form": e.form, "meta": {"page_index": e.page_index}})  # fmt: skip
    register_api_error(errors.FormValidationError, 400,
                       lambda e: {"validation_errors": e.errors, "meta": {"page_index": e.page_index}})  # fmt: skip
    for not_found in (errors.UnknownWorkflow, errors.ProcessNotFound, errors.CallbackTokenInvalid):
        register_api_error(not_found, 404)
    register_api_error(errors.InvalidTransition, 409)
    register_api_error(errors.EnginePaused, 503)
    register_api_error(StaleSubscription, 409)
    register_api_error(SubscriptionWorkflowRefused, 409, lambda e: {"reasons": e.reasons})
    register_api_error(SubscriptionHeld, 409)
    register_api_error(TransitionNotAllowed, 409)  # lifecycle refusals are subclasses


# Packages of the workflows app that hold no workflows.
NOT_WORKFLOWS = {"engine", "migrations", "management", "admin", "api", "graphql", "templatetags"}


def discover_workflows() -> None:
    """Import every module that declares workflows, so the registry is complete.

    That is every package of the workflows app (`workflows/<product>/…`, `workflows/tasks/`)
    and the modules named in ENGINE_WORKFLOW_MODULES (tests add their own there).
    """
    package = importlib.import_module("workflows")
    for info in pkgutil.walk_packages(package.__path__, "workflows."):
        if info.name.split(".")[1] in NOT_WORKFLOWS or info.name.split(".")[1] in {"models", "apps", "sync"}:
            continue
        importlib.import_module(info.name)
    for module in getattr(settings, "ENGINE_WORKFLOW_MODULES", []):
        importlib.import_module(module)
