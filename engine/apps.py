import importlib
import pkgutil

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate


class EngineConfig(AppConfig):
    default_auto_field = "django.db.models.AutoField"
    name = "engine"
    # The label the engine had while it lived in the workflows package: its tables
    # (workflows_process, …), migration history, content types and the `workflows.run_<key>`
    # permissions stay valid on existing databases, with no data migration.
    label = "workflows"
    verbose_name = "Workflows"

    def ready(self):
        register_api_errors()
        discover_workflows()
        from engine import sync

        post_migrate.connect(sync.sync_after_migrate, sender=self)


def register_api_errors() -> None:
    """The engine's refusals, as HTTP statuses of the API."""
    from common.api.exceptions import HTTP_510_NOT_EXTENDED, register_api_error
    from engine import errors

    register_api_error(errors.EngineError, 400)
    register_api_error(errors.PermissionRefused, 403)
    register_api_error(
        errors.FormNotComplete,
        HTTP_510_NOT_EXTENDED,
        lambda e: {"form": e.form, "meta": {"page_index": e.page_index}},
    )
    register_api_error(
        errors.FormValidationError,
        400,
        lambda e: {"validation_errors": e.errors, "meta": {"page_index": e.page_index}},
    )
    for not_found in (errors.UnknownWorkflow, errors.ProcessNotFound, errors.CallbackTokenInvalid):
        register_api_error(not_found, 404)
    register_api_error(errors.InvalidTransition, 409)
    register_api_error(errors.EnginePaused, 503)


def discover_workflows() -> None:
    """Import every module that declares workflows, so the registry is complete.

    That is the engine's own tasks (`engine.maintenance_tasks`), every module under the
    packages of the WORKFLOW_PACKAGES setting (`workflows/<product>/…`, `workflows/tasks/`)
    and the modules named in ENGINE_WORKFLOW_MODULES (tests add their own there). The
    engine knows the settings, not the packages.
    """
    importlib.import_module("engine.maintenance_tasks")
    for name in getattr(settings, "WORKFLOW_PACKAGES", []):
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            importlib.import_module(info.name)
    for module in getattr(settings, "ENGINE_WORKFLOW_MODULES", []):
        importlib.import_module(module)
