"""Liveness and readiness.

Liveness (/api/health/) says the web process answers; it touches nothing else, so a
database outage does not make the orchestrator restart its web servers in a loop.
Readiness (/api/health/ready/) checks what serving requests and running processes
need: the database, the django-q2 broker, and NetBox. Each check has a short timeout
and reports how long it took and, when it fails, why.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import requests
from django.conf import settings
from django.db import connection


@dataclasses.dataclass
class CheckResult:
    name: str
    ok: bool
    duration_ms: float
    detail: str

    def as_dict(self) -> dict:
        return {"ok": self.ok, "duration_ms": round(self.duration_ms, 1), "detail": self.detail}


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return f"{connection.vendor} answers"


def check_broker() -> str:
    from django_q.brokers.orm import ORM
    from django_q.brokers.redis_broker import Redis

    from engine.queue import broker

    current = broker()
    if isinstance(current, Redis):
        current.connection.ping()
        return f"redis answers ({current.list_key})"
    if isinstance(current, ORM):
        current.get_connection().filter(key=current.list_key).exists()
        return "ORM broker: its table answers"
    if not current.ping():
        raise RuntimeError(f"{type(current).__name__} broker does not answer")
    return f"{type(current).__name__} answers"


def check_netbox() -> str:
    url, token = settings.NETBOX_URL, settings.NETBOX_TOKEN
    if not url or not token:
        raise RuntimeError("NetBox is not configured: set NETBOX_URL and NETBOX_TOKEN")
    response = requests.get(
        f"{url.rstrip('/')}/api/status/",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        timeout=settings.HEALTH_CHECK_TIMEOUT,
    )
    if response.status_code in (401, 403):
        raise RuntimeError(f"NetBox at {url} refuses the token (HTTP {response.status_code})")
    response.raise_for_status()
    return f"NetBox {response.json().get('netbox-version', '?')} answers at {url}"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "broker": check_broker,
    "netbox": check_netbox,
}


def run_check(name: str) -> CheckResult:
    started = time.perf_counter()
    if name not in CHECKS:
        return CheckResult(
            name, False, 0.0, f"unknown check {name!r} in HEALTH_READY_CHECKS; known: {', '.join(CHECKS)}"
        )
    try:
        detail, ok = CHECKS[name](), True
    except Exception as error:  # noqa: BLE001 - any failure means not ready; say which and why
        detail, ok = f"{type(error).__name__}: {error}", False
    return CheckResult(name, ok, (time.perf_counter() - started) * 1000, detail)


def readiness() -> tuple[bool, dict]:
    results = [run_check(name) for name in settings.HEALTH_READY_CHECKS]
    return all(r.ok for r in results), {r.name: r.as_dict() for r in results}
