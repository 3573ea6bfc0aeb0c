"""The interface of the runner's reads and writes (engine.progress) that both ways of
writing implement: apart from the chooser, so that the implementations import it and the
chooser imports them, without a circle."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol, TypedDict

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from engine.models import Process, ProcessInput, ProcessLease, ProcessStep


class LockedFields(TypedDict):
    """What a whole locked process carries besides its fields (see `lock_whole`)."""

    lease_owner: str | None
    engine_paused: bool


if TYPE_CHECKING:
    # A process read by `lock_whole`: with who holds its lease and whether the engine is paused.
    type LockedProcess = WithAnnotations[Process, LockedFields]

# What running a step changes on the process (the plan, workflow and origin never change).
PROGRESS_FIELDS = [
    "status",
    "position",
    "state",
    "last_step",
    "failed_reason",
    "traceback",
    "callback_deadline",
    "last_modified_at",
]


class Standing(NamedTuple):
    """Where a locked process stands, as far as deciding whether to run its next step goes."""

    status: str
    position: int
    last_modified_at: object
    lease_owner: str | None
    engine_paused: bool


class LeaseLost(Exception):
    """A step's write found that its worker no longer holds the process's lease; the
    transaction is rolled back, so the step left nothing behind."""


class ProgressWriter(Protocol):
    """What each way of writing provides (the two modules implement it)."""

    def lock(self, process_id) -> Standing | None: ...

    def lock_whole(self, process_id) -> LockedProcess | None: ...

    def save(
        self,
        process: Process,
        row: ProcessStep | None,
        *,
        owner: str,
        release: bool = False,
        commit: bool = False,
    ) -> None: ...

    def insert_process(
        self,
        process: Process,
        workflow_key: str,
        lease_row: ProcessLease,
        input_row: ProcessInput,
        *,
        commit: bool = False,
    ) -> bool: ...

    def outermost(self, atomic) -> bool: ...
