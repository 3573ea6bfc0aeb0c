"""How many tasks wait in the django-q2 queue, and how long the oldest has waited.

The metrics export it, and the recovery uses it to tell a lost queue message from one
that is still waiting its turn.

Both brokers are read directly, in one round trip each: the ORM broker's table (a task
is queued while its lock time is in the past: the lock is set to the enqueue time, and
pushed into the future while a worker holds it), or the Redis list (tasks are pushed
at the tail and popped from the head; each payload is signed with a timestamp, which is
when it was queued).
"""

from __future__ import annotations

import dataclasses
import functools
import time

from django.core import signing
from django.db.models import Count, Min, Q
from django.utils import timezone


@dataclasses.dataclass
class QueueStatus:
    broker: str
    depth: int  # tasks waiting for a worker
    oldest_age_seconds: float  # 0 when the queue is empty
    in_progress: int | None = None  # tasks a worker holds (the ORM broker knows this)


@functools.lru_cache(maxsize=1)
def broker():
    """One broker per process (a Redis broker holds a connection pool)."""
    from django_q.brokers import get_broker

    return get_broker()


def queue_status() -> QueueStatus:
    from django_q.brokers.orm import ORM
    from django_q.brokers.redis_broker import Redis

    current = broker()
    if isinstance(current, ORM):
        return _orm_status(current.list_key)
    if isinstance(current, Redis):
        return _redis_status(current)
    # Another broker (SQS, IronMQ, MongoDB): only what django-q2's interface offers.
    return QueueStatus(broker=type(current).__name__, depth=current.queue_size() or 0, oldest_age_seconds=0)


def _orm_status(list_key: str) -> QueueStatus:
    from django_q.conf import Conf
    from django_q.models import OrmQ

    now = timezone.now()
    waiting = Q(lock__lte=now)
    row = (
        OrmQ.objects.using(Conf.ORM)
        .filter(key=list_key)
        .aggregate(
            depth=Count("id", filter=waiting),
            oldest=Min("lock", filter=waiting),
            held=Count("id", filter=~waiting),
        )
    )
    age = (now - row["oldest"]).total_seconds() if row["oldest"] else 0.0
    return QueueStatus(
        broker="orm", depth=row["depth"], oldest_age_seconds=max(age, 0.0), in_progress=row["held"]
    )


def _redis_status(broker) -> QueueStatus:
    pipe = broker.connection.pipeline()
    pipe.llen(broker.list_key)
    pipe.lindex(broker.list_key, 0)
    depth, head = pipe.execute()
    queued_at = signed_timestamp(head) if head else None
    age = max(time.time() - queued_at, 0.0) if queued_at else 0.0
    return QueueStatus(broker="redis", depth=depth or 0, oldest_age_seconds=age)


def signed_timestamp(payload) -> float | None:
    """The Unix time a django-q2 payload was signed (`value:timestamp:signature`), or None."""
    if isinstance(payload, bytes):
        payload = payload.decode("ascii", "replace")
    parts = str(payload).rsplit(":", 2)
    if len(parts) != 3:
        return None
    try:
        return float(signing.b62_decode(parts[1]))
    except (ValueError, KeyError):
        return None
