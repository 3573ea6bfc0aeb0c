"""What the engine's commands share: who acts (--user or --system), reading form input from
the command line, running processes in this process, and turning refusals into one-line
errors with an exit code.

Exit codes: 0 done; 1 refused or failed (the reason on one line); 2 more form input is
needed (the next page's JSON Schema on stdout, the reason on stderr)."""

from __future__ import annotations

import json
from contextlib import contextmanager

from django.core.management.base import CommandError
from django_fsm import TransitionNotAllowed

from common.api.exceptions import registered_status
from engine import dispatch, runner
from engine.actors import CLI_SYSTEM, Actor
from engine.errors import EngineError, FormNotComplete

NEEDS_INPUT = 2


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def parse_inputs(text: str | None) -> list:
    if not text:
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            one_line(f"--input is not JSON ({error}); give a list with one object per form page")
        ) from None
    if not isinstance(value, list):
        raise CommandError(
            '--input must be a JSON list with one object per form page, e.g. \'[{"name": "x"}]\''
        )
    return value


def add_actor_arguments(parser) -> None:
    """--user or --system: a command that starts or changes processes acts as someone, and the
    engine checks that someone's permissions as it does for the console and REST."""
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--user", metavar="USERNAME", help="Act as this user: their permissions apply, their name is recorded"
    )
    who.add_argument(
        "--system",
        action="store_true",
        help=f"Act as the system identity {CLI_SYSTEM.get_username()} (cron, scripts): may do everything",
    )


def acting_user(options: dict) -> Actor:
    """The actor --user/--system name; neither is refused rather than guessed."""
    if options.get("system"):
        return CLI_SYSTEM
    username = options.get("user")
    if not username:
        raise CommandError(
            f"Say who acts: --user USERNAME (their permissions apply) or --system "
            f"(acts as {CLI_SYSTEM.get_username()}, for cron and scripts)"
        )
    from django.contrib.auth import get_user_model

    User = get_user_model()
    try:
        return User.objects.get(**{User.USERNAME_FIELD: username})
    except User.DoesNotExist:
        raise CommandError(
            f"No user {username!r}: give the username of an existing user to --user, or --system"
        ) from None


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
    except Exception as error:
        # A refusal of any room (the engine's, the lifecycle's: each registers its own) is a
        # one-line command error; anything else is a bug and keeps its traceback.
        if isinstance(error, (EngineError, TransitionNotAllowed)) or registered_status(error) is not None:
            raise CommandError(one_line(error)) from error
        raise


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
    saved = dispatch.dispatcher
    inline = dispatch.dispatcher = InlineDispatcher()
    try:
        yield inline
    finally:
        dispatch.dispatcher = saved
