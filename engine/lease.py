"""Process leases: one worker at a time runs a process, and a dead worker's process is found.

A worker takes the lease before it runs a process and renews it from a heartbeat thread
while a step runs. A lease that has expired means its worker died (SIGKILL, OOM, lost
machine): the recovery task then hands the process to another worker, which continues
from the last committed step. Correctness does not rest on the lease alone: every step
runs in a transaction that locks the process row and re-reads the position, so even two
workers that both believe they hold the lease can never run one step twice.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from engine.models import ProcessLease

logger = logging.getLogger(__name__)

EXPIRED = datetime(2000, 1, 1, tzinfo=timezone.get_fixed_timezone(0))


def lease_seconds() -> int:
    return settings.ENGINE_LEASE_SECONDS


def new_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(process_id, owner: str) -> bool:
    """Take the lease if it is free or expired. Atomic: of two workers, one gets it.
    (One UPDATE, written once: the worker runs it for every process.)"""
    now = timezone.now()
    with connection.cursor() as cursor:
        # The id as the column stores it (SQLite keeps a UUID as 32 hex digits, not the text form).
        key = ProcessLease._meta.pk.get_db_prep_value(process_id, connection)
        cursor.execute(_acquire_sql(), [owner, now + timedelta(seconds=lease_seconds()), key, now, owner])
        return cursor.rowcount == 1


def _column(name: str) -> str:
    field = ProcessLease._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise TypeError(f"ProcessLease.{name} is not a field with a column")
    return field.column


@functools.cache
def _acquire_sql() -> str:
    quote = connection.ops.quote_name
    owner, expires, process = (quote(_column(f)) for f in ("owner", "expires_at", "process"))
    return (
        f"UPDATE {quote(ProcessLease._meta.db_table)} SET {owner} = %s, {expires} = %s "
        f"WHERE {process} = %s AND ({expires} < %s OR {owner} = %s)"
    )


def release(process_id, owner: str) -> None:
    ProcessLease.objects.filter(process_id=process_id, owner=owner).update(owner="", expires_at=EXPIRED)


class Heartbeat:
    """Renews a lease every third of its length while the worker is busy with a step."""

    def __init__(self, process_id, owner: str):
        self.process_id = process_id
        self.owner = owner
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{process_id}", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self):
        interval = max(lease_seconds() / 3, 0.5)
        try:
            while not self._stop.wait(interval):
                try:
                    expires = timezone.now() + timedelta(seconds=lease_seconds())
                    ProcessLease.objects.filter(process_id=self.process_id, owner=self.owner).update(
                        expires_at=expires
                    )
                except Exception:  # the database is busy or restarting: try again next beat
                    logger.warning("could not renew the lease of process %s", self.process_id, exc_info=True)
                    connection.close()  # a broken connection stays broken: the next beat opens a new one
        finally:
            connection.close()
