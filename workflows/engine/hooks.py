"""Extension points through which higher layers join in each step without the engine
knowing them: e.g. the subscription layer records history with the process and step."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import ContextManager

# factory(process, step_name, user) -> context manager entered around each step body
StepContextFactory = Callable[[object, str, str], ContextManager]

_step_contexts: list[StepContextFactory] = []


def register_step_context(factory: StepContextFactory) -> None:
    if factory not in _step_contexts:
        _step_contexts.append(factory)


@contextlib.contextmanager
def step_context(process, step_name: str, user: str):
    with contextlib.ExitStack() as stack:
        for factory in _step_contexts:
            stack.enter_context(factory(process, step_name, user))
        yield
