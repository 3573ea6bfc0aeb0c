"""Who acts on processes: a person (a Django user) or a named part of the system.

Every operation takes the acting user and asks `authorize` before it writes anything, so
no door (console, REST, commands, the scheduler) can forget the check. System callers
have no user row; they act as a `SystemActor`, which may do everything and is recorded in
the process history under its name (`system:scheduler`) just like a person's username.
A free-text name is refused: it was how checks got skipped before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin

from engine.errors import PermissionRefused
from engine.permissions import RUN_ANY, may_run, run_codename


@dataclass(frozen=True)
class SystemActor:
    """A part of the orchestrator acting on its own: trusted, and named in the history."""

    name: str
    is_authenticated: ClassVar[bool] = True
    is_staff: ClassVar[bool] = False
    is_superuser: ClassVar[bool] = False

    def has_perm(self, perm: str, obj=None) -> bool:
        return True

    def get_username(self) -> str:
        return f"system:{self.name}"

    def __str__(self) -> str:
        return self.get_username()


SCHEDULER = SystemActor("scheduler")  # schedules: resume waiting processes, the nightly validation
RECOVERY = SystemActor("recovery")  # requeueing processes whose worker died
CALLBACK = SystemActor("callback")  # an external system, authenticated by the callback token
CLI_SYSTEM = SystemActor("cli")  # a management command run with --system (cron, deploy scripts)
VALIDATE_ALL = SystemActor("validate_all")  # the validate-all task starting one validate per subscription

Actor = AbstractBaseUser | AnonymousUser | SystemActor


def check_actor(actor) -> Actor:
    """The operations' guard against the old calling style (a free-text user name)."""
    if not isinstance(actor, (AbstractBaseUser, AnonymousUser, SystemActor)):
        raise TypeError(
            f"Engine operations take the acting user (a django User) or a SystemActor "
            f"(engine.actors), not {actor!r} ({type(actor).__name__})"
        )
    return actor


def actor_name(actor: Actor) -> str:
    """What the history records: the username, or `system:<name>`."""
    return check_actor(actor).get_username()


def authorize(actor: Actor, workflow_key: str, doing: str = "") -> None:
    """Refuse unless the actor may run the workflow (`workflows.run_<key>` or run-any)."""
    check_actor(actor)
    if not may_run(actor, workflow_key):
        raise PermissionRefused(
            _who(actor),
            f"workflows.{run_codename(workflow_key)}",
            doing or f"run workflow {workflow_key!r}",
            f"workflows.{RUN_ANY}",
        )


def require_permission(actor: Actor, permission: str, doing: str) -> None:
    """Refuse unless the actor has one named Django permission (pausing the engine, …)."""
    check_actor(actor)
    if not (actor.is_authenticated and _has_perm(actor, permission)):
        raise PermissionRefused(_who(actor), permission, doing)


def _has_perm(actor: Actor, permission: str) -> bool:
    if isinstance(actor, (PermissionsMixin, AnonymousUser, SystemActor)):
        return actor.has_perm(permission)
    raise TypeError(f"a {type(actor).__name__} has no permissions (the user model needs PermissionsMixin)")


def _who(actor: Actor) -> str:
    return actor.get_username() or "an anonymous user"
