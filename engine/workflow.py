"""Workflows declared in code: the `@workflow` and `@task` decorators and their registry.

The registry is the source of truth; `engine.sync` mirrors it into the Workflow table
whenever the database is migrated, so no hand-written migration is needed per workflow.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable

from engine.errors import UnknownWorkflow
from engine.steps import Step, StepKind, StepList, done, init


class Target(str, enum.Enum):  # noqa: UP042 (a StrEnum would change what f"{member}" prints)
    CREATE = "CREATE"
    MODIFY = "MODIFY"
    TERMINATE = "TERMINATE"
    VALIDATE = "VALIDATE"
    RECONCILE = "RECONCILE"
    SYSTEM = "SYSTEM"


@dataclasses.dataclass
class WorkflowDefinition:
    key: str
    description: str
    target: Target
    build_steps: Callable[[], StepList]
    initial_input_form: Callable | None = None
    is_task: bool = False
    # Extra attributes that higher layers (subscription workflows) attach and read back.
    extras: dict = dataclasses.field(default_factory=dict)
    # Hooks of higher layers, run inside the transaction that creates a process:
    # `check_start(state)` before the Process row is written (raise an EngineError to refuse:
    # nothing is written; it may lock rows until the transaction ends), then
    # `process_created(process)` after it (to record what the process works on).
    check_start: Callable[[dict], None] | None = None
    process_created: Callable[[object], None] | None = None
    _steps: StepList | None = None

    @property
    def steps(self) -> StepList:
        """Built once, on first use: building may consult the catalogue, which needs the database."""
        if self._steps is None:
            steps = self.build_steps()
            if not isinstance(steps, StepList):
                raise TypeError(f"workflow {self.key!r} must return a StepList (begin >> …), got {steps!r}")
            self._steps = steps
        return self._steps

    def resolve(self, plan: list[str], position: int, branch_path: list | None = None) -> Step | None:
        """The step at `position` of a process's plan, found by name in today's code."""
        steps = self.branch_steps(branch_path)
        name = plan[position]
        return steps.find(name, plan[:position].count(name)) if steps is not None else None

    def branch_steps(self, branch_path: list | None) -> StepList | None:
        """The step list of a parallel branch: path = [[step name, occurrence, branch index], …]."""
        steps = self.steps
        for name, occurrence, index in branch_path or []:
            parent = steps.find(name, occurrence)
            if parent is None or parent.kind != StepKind.PARALLEL:
                return None
            steps = parent.branches[0 if parent.foreach_key else index] >> done
        return steps


_registry: dict[str, WorkflowDefinition] = {}


def register(definition: WorkflowDefinition) -> WorkflowDefinition:
    existing = _registry.get(definition.key)
    if existing and existing.build_steps.__module__ != definition.build_steps.__module__:
        raise ValueError(
            f"Two workflows are called {definition.key!r} ({existing.build_steps.__module__} and "
            f"{definition.build_steps.__module__}); workflow keys must be unique"
        )
    _registry[definition.key] = definition
    return definition


def get_workflow(key: str) -> WorkflowDefinition:
    try:
        return _registry[key]
    except KeyError:
        raise UnknownWorkflow(key, list(_registry)) from None


def all_workflows() -> dict[str, WorkflowDefinition]:
    return dict(_registry)


def workflow(
    description: str,
    initial_input_form: Callable | None = None,
    target: Target = Target.SYSTEM,
    key: str | None = None,
    **extras,
) -> Callable[[Callable[[], StepList]], WorkflowDefinition]:
    """A workflow whose function returns its complete step list (`init >> … >> done`)."""

    def decorator(func: Callable[[], StepList]) -> WorkflowDefinition:
        return register(
            WorkflowDefinition(
                key=key or func.__name__,
                description=description,
                target=target,
                build_steps=func,
                initial_input_form=initial_input_form,
                extras=extras,
            )
        )

    return decorator


def task(description: str, initial_input_form: Callable | None = None, key: str | None = None):
    """A system task: start · the function's steps · done; not tied to a subscription."""

    def decorator(func: Callable[[], StepList]) -> WorkflowDefinition:
        def build() -> StepList:
            return init >> func() >> done

        build.__module__ = func.__module__
        return register(
            WorkflowDefinition(
                key=key or func.__name__,
                description=description,
                target=Target.SYSTEM,
                build_steps=build,
                initial_input_form=initial_input_form,
                is_task=True,
            )
        )

    return decorator
