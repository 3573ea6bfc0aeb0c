"""Handing a process to a worker: the one way every part of the engine queues a process.

Apart from the runner, so that operations, branches and maintenance queue processes
without importing the runner (which imports branches): no circle among them. The task
function is named by its dotted path, as django-q stores it with the message.
"""

from __future__ import annotations

from typing import Protocol

from django.db import transaction


class Dispatcher(Protocol):
    """What queues a process: the workers' queue, or (in tests and the CLI) this process itself."""

    def enqueue(self, process_id) -> None: ...


class QueueDispatcher:
    """Hands processes to django-q2 workers once the current transaction has committed
    (so a worker never looks for a process that is not there yet)."""

    def enqueue(self, process_id) -> None:
        transaction.on_commit(lambda: self.submit(process_id))

    def submit(self, process_id) -> None:
        from django_q.tasks import async_task

        from engine.queue import broker

        # save=False: the Process and ProcessStep rows are the record; a result row per run adds nothing.
        # broker: one per process; django-q2 would otherwise open a new broker connection per task.
        async_task(
            "engine.runner.run_process",
            str(process_id),
            task_name=f"process-{process_id}",
            save=False,
            broker=broker(),
        )


# Replaced in tests that run processes in the test process itself.
dispatcher: Dispatcher = QueueDispatcher()


def enqueue(process_id) -> None:
    dispatcher.enqueue(process_id)
