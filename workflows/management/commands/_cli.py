"""What the engine's commands share: reading form input from the command line, running
processes in this process, and turning refusals into one-line errors with an exit code.

Exit codes: 0 done; 1 refused or failed (the reason on one line); 2 more form input is
needed (the next page's JSON Schema on stdout, the reason on stderr)."""

from __future__ import annotations

import json
from contextlib import contextmanager

from django.core.management.base import CommandError
from django_fsm import TransitionNotAllowed

from subscriptions.lifecycle import StaleSubscription
from workflows.engine import runner
from workflows.engine.errors import EngineError, FormNotComplete

NEEDS_INPUT = 2


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def parse_inputs(text: str | None) -> list:
    if not text:
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(one_line(f"--input is not JSON ({error}); give a list with one object per form page"))
    if not isinstance(value, list):
        raise CommandError("--input must be a JSON list with one object per form page, e.g. '[{\"name\": \"x\"}]'")
    return value


@contextmanager
def refusals_as_errors(stdout):
    """Engine and lifecycle refusals become CommandError (exit 1), or exit 2 with the form."""
    try:
        yield
    except FormNotComplete as error:
        stdout.write(json.dumps(error.form, indent=2))
        raise CommandError(
            one_line(f"{error} (its JSON Schema is printed above): add that page's input to --input"),
            returncode=NEEDS_INPUT,
        ) from error
    except (EngineError, TransitionNotAllowed, StaleSubscription) as error:
        raise CommandError(one_line(error)) from error


class InlineDispatcher:
    """Run queued processes here. `drain` is called once the operation that queued them
    has returned, so their transaction has committed."""

    def __init__(self):
        self.queued: list[str] = []

    def enqueue(self, process_id) -> None:
        self.queued.append(str(process_id))

    def drain(self) -> None:
        while self.queued:
            runner.run_process(self.queued.pop(0))


@contextmanager
def running_here():
    """Within the block, processes run in this process instead of on a worker."""
    saved = runner.dispatcher
    inline = runner.dispatcher = InlineDispatcher()
    try:
        yield inline
    finally:
        runner.dispatcher = saved
