"""Steps and step lists: the authoring API workflow writers compose with `>>`.

A step is a plain function whose parameters are filled from the process state and whose
returned dict is merged back into it. Decorators turn functions into `Step` objects;
`StepList`s compose them. Steps are identified by name: a running process stores the
names of the plan it started with, and finds each step again by (name, occurrence).
"""

from __future__ import annotations

import dataclasses
import enum
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from engine.state import State, inject, merge, step_parameters


class StepKind(str, enum.Enum):  # noqa: UP042 (a StrEnum would change what f"{member}" prints)
    STEP = "step"  # run, merge the result
    RETRY = "retry"  # like STEP, but a failure makes the process `waiting` (retried later)
    INPUT = "input"  # suspend until a user submits the step's form
    AWAIT_CALLBACK = "await_callback"  # suspend until an external system calls back
    PARALLEL = "parallel"  # run branches as child processes, join when all completed
    SUBWORKFLOWS = "subworkflows"  # start processes of other workflows, join when all completed
    ABORT = "abort"  # end the process as aborted
    DONE = "done"  # end the process as completed


@dataclasses.dataclass(frozen=True)
class Step:
    name: str
    kind: StepKind
    func: Callable | None = None
    condition: Callable[[State], bool] | None = None
    focus: str | None = None  # run against state[focus] instead of the whole state
    group: str | None = None  # the step group it belongs to, for display
    branches: tuple[StepList, ...] = ()
    foreach_key: str | None = None
    timeout: int | None = None  # seconds, for AWAIT_CALLBACK
    parameters: tuple = ()

    def __post_init__(self):
        if self.func is not None and not self.parameters:
            object.__setattr__(self, "parameters", tuple(step_parameters(self.func)))

    def __rshift__(self, other) -> StepList:
        return StepList((self,)) >> other

    def __call__(self, *args, **kwargs):
        """Calling a decorated step calls the plain function (handy in unit tests)."""
        return self.runnable()(*args, **kwargs)

    def runnable(self) -> Callable:
        """The step's function; a step without one (Done, Abort, ...) cannot be called."""
        if self.func is None:
            raise TypeError(f"step {self.name!r} ({self.kind.value}) has no function to call")
        return self.func

    # --- Running (used by the runner) -------------------------------------------------

    def should_run(self, state: State) -> bool:
        return self.condition is None or bool(self.condition(state))

    def scoped_state(self, state: State) -> State:
        return state[self.focus] if self.focus else state

    def kwargs(self, state: State) -> dict[str, Any]:
        return inject(self.name, list(self.parameters), self.scoped_state(state))

    def apply(self, state: State) -> State:
        """Run a STEP/RETRY step: fill its parameters, call it, merge what it returned."""
        result = self.runnable()(**self.kwargs(state))
        return self.merge_result(state, result)

    def merge_result(self, state: State, result: State | None) -> State:
        if not self.focus:
            return merge(state, result, self.name)
        return {**state, self.focus: merge(state[self.focus], result, self.name)}


@dataclasses.dataclass(frozen=True)
class StepList:
    steps: tuple[Step, ...] = ()

    def __rshift__(self, other) -> StepList:
        if isinstance(other, Step):
            return StepList(self.steps + (other,))
        if isinstance(other, StepList):
            return StepList(self.steps + other.steps)
        if isinstance(other, Iterable):
            result = self
            for item in other:
                result = result >> item
            return result
        raise TypeError(f"cannot compose a step list with {other!r}: use a @step function or a StepList")

    def __iter__(self):
        return iter(self.steps)

    def __len__(self):
        return len(self.steps)

    def __getitem__(self, index):
        return self.steps[index]

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def find(self, name: str, occurrence: int) -> Step | None:
        """The `occurrence`-th (0-based) step called `name`, or None if the code has no such step."""
        matches = [s for s in self.steps if s.name == name]
        return matches[occurrence] if occurrence < len(matches) else None


begin = StepList()


def _make(kind: StepKind, name: str) -> Callable[[Callable], Step]:
    def decorator(func: Callable) -> Step:
        return Step(name=name, kind=kind, func=func)

    return decorator


def step(name: str) -> Callable[[Callable], Step]:
    """A step: its parameters come from the state, its returned dict is merged into it."""
    return _make(StepKind.STEP, name)


def retrystep(name: str) -> Callable[[Callable], Step]:
    """A step whose failure makes the process `waiting`; the scheduler retries it later."""
    return _make(StepKind.RETRY, name)


def inputstep(name: str) -> Callable[[Callable], Step]:
    """Suspend for a user form. The function is a form generator (see forms.py); what it
    returns is merged into the state when the user submits valid input. Side-effect free."""
    return _make(StepKind.INPUT, name)


def conditional(predicate: Callable[[State], bool]) -> Callable[[Step | StepList], Step | StepList]:
    """Run the wrapped step(s) only when predicate(state) is true; otherwise log them as skipped."""

    def wrap_one(s: Step) -> Step:
        outer = s.condition
        combined = predicate if outer is None else (lambda state: predicate(state) and outer(state))
        return dataclasses.replace(s, condition=combined)

    def wrap(target):
        if isinstance(target, StepList):
            return StepList(tuple(wrap_one(s) for s in target))
        return wrap_one(target)

    return wrap


def step_group(name: str, steps: StepList) -> StepList:
    """Steps shown together under one name; each is still logged and resumed on its own."""
    return StepList(tuple(dataclasses.replace(s, group=name) for s in steps))


def focussteps(key: str) -> Callable[[StepList | Step], StepList]:
    """Run steps against state[key] (a nested dict) as if it were the whole state."""

    def wrap(steps):
        steps = steps if isinstance(steps, StepList) else StepList((steps,))
        return StepList(tuple(dataclasses.replace(s, focus=key) for s in steps))

    return wrap


def _noop() -> None:
    return None


init = Step(name="Start", kind=StepKind.STEP, func=_noop)
done = Step(name="Done", kind=StepKind.DONE)
abort = Step(name="Abort", kind=StepKind.ABORT)


def callback_step(name: str, action_step: Step, validate_step: Step, timeout: int = 3600) -> StepList:
    """Call an external system and wait for it to call back (POST …/callback/<token>).

    The action step finds `callback_route` in the state and hands it to the external
    system; the process then awaits the callback (progress reports allowed) for at most
    `timeout` seconds; the callback's JSON body lands in `callback_result`, which the
    validate step checks.
    """

    @step(f"{name}: prepare callback")
    def prepare_callback(process_id: str) -> State:
        token = secrets.token_urlsafe(24)
        return {"__callback_token": token, "callback_route": f"/api/processes/{process_id}/callback/{token}"}

    wait = Step(name=f"{name}: await callback", kind=StepKind.AWAIT_CALLBACK, timeout=timeout)
    return step_group(name, begin >> prepare_callback >> action_step >> wait >> validate_step)


def parallel(name: str, *branches: StepList | Step) -> Step:
    """Run each branch as a child process on its own worker; continue when all completed.

    Each branch starts from a copy of the state; what the branches add is merged into the
    state in branch order. A failed branch is retried on its own.
    """
    lists = tuple(b if isinstance(b, StepList) else StepList((b,)) for b in branches)
    if len(lists) < 2:
        raise ValueError(f"parallel {name!r} needs at least two branches")
    return Step(name=name, kind=StepKind.PARALLEL, branches=lists)


def foreach_parallel(name: str, key: str, steps: StepList | Step) -> Step:
    """Run `steps` once per item of state[key], concurrently; each branch sees its item as
    `item` (and `item_index`). The branches' results are collected, in order, in
    state[f"{key}_results"]."""
    steps = steps if isinstance(steps, StepList) else StepList((steps,))
    return Step(name=name, kind=StepKind.PARALLEL, branches=(steps,), foreach_key=key)


def subworkflows(name: str) -> Callable[[Callable], Step]:
    """A step that starts processes of other workflows and waits until they all completed.

    The function returns a list of {"workflow": key, "input": [form pages]}; their
    results are collected in state["subworkflow_results"].
    """
    return _make(StepKind.SUBWORKFLOWS, name)
