"""Extension points through which higher layers join in each step without the engine
knowing them: e.g. the subscription layer records history with the process and step."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import ContextManager

from workflows.engine.events import log_context

# factory(process, step_name, user) -> context manager entered around each step body
StepContextFactory = Callable[[object, str, str], ContextManager]

_step_contexts: list[StepContextFactory] = []


def register_step_context(factory: StepContextFactory) -> None:
    if factory not in _step_contexts:
        _step_contexts.append(factory)


@contextlib.contextmanager
def step_context(process, step_name: str, user: str):
    with contextlib.ExitStack() as stack:
        # Whatever the step body logs names the process, the step and the user.
        stack.enter_context(log_context(process_id=str(process.pk), step=step_name, user=str(user)))
        for factory in _step_contexts:
            stack.enter_context(factory(process, step_name, user))
        yield
