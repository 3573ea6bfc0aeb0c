"""Who may run which workflow: one Django permission per workflow, plus one for all.

`workflows.run_<key>` lets a user start, resume, retry and abort processes of that
workflow; `workflows.run_any_workflow` lets them do it for every workflow. Superusers
have both. The permission rows are written on every migrate (see `sync_after_migrate`),
so they can be granted in the admin like any other permission.
"""

from __future__ import annotations

RUN_ANY = "run_any_workflow"


def run_codename(workflow_key: str) -> str:
    return f"run_{workflow_key}"


def may_run(user, workflow_key: str) -> bool:
    if not (user and user.is_authenticated):
        return False
    return user.has_perm(f"workflows.{RUN_ANY}") or user.has_perm(f"workflows.{run_codename(workflow_key)}")


def sync_workflow_permissions() -> None:
    """Create a run permission per declared workflow (and the run-any one); idempotent."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from engine.models import Workflow
    from engine.workflow import all_workflows

    content_type = ContentType.objects.get_for_model(Workflow)
    wanted = {RUN_ANY: "Can run every workflow"}
    wanted.update({run_codename(key): f"Can run workflow {key}" for key in all_workflows()})
    existing = set(Permission.objects.filter(content_type=content_type).values_list("codename", flat=True))
    Permission.objects.bulk_create(
        [
            Permission(content_type=content_type, codename=c, name=n)
            for c, n in wanted.items()
            if c not in existing
        ]
    )
