"""Readiness and queue metrics against the real services: NetBox sandbox, Redis, PostgreSQL."""

import time

import pytest

from engine.queue import _redis_status
from monitoring import health

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def real_netbox(settings):
    """The local NetBox sandbox, read only (nothing is written, so no exclusive session)."""
    from netbox_integration import sandbox

    status = sandbox.status()
    if not status.api_answers:
        status = sandbox.up()
    settings.NETBOX_URL, settings.NETBOX_TOKEN = status.url, status.token
    return status


@pytest.mark.netbox
def test_ready_with_the_real_netbox(client, settings, real_netbox):
    settings.HEALTH_READY_CHECKS = ["database", "broker", "netbox"]
    response = client.get("/api/health/ready/")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["netbox"]["detail"].startswith("NetBox 4.7")


@pytest.mark.netbox
def test_not_ready_with_a_token_netbox_refuses(client, settings, real_netbox):
    settings.NETBOX_TOKEN = "nbt_wrongkey.wrongsecret"
    settings.HEALTH_READY_CHECKS = ["netbox"]
    response = client.get("/api/health/ready/")
    assert response.status_code == 503
    assert "refuses the token" in response.json()["checks"]["netbox"]["detail"]


@pytest.fixture
def redis_broker():
    """A Redis broker on a queue of its own (the real Redis on 127.0.0.1:6379)."""
    from django_q.brokers.redis_broker import Redis

    broker = Redis(list_key=f"h8-metrics-test-{time.time_ns()}")
    yield broker
    broker.delete_queue()


def test_redis_queue_depth_and_age_of_the_oldest_task(redis_broker):
    from django_q.signing import SignedPackage

    assert _redis_status(redis_broker).depth == 0
    assert _redis_status(redis_broker).oldest_age_seconds == 0
    redis_broker.enqueue(SignedPackage.dumps({"id": "first", "func": "math.floor"}))
    time.sleep(1.2)
    redis_broker.enqueue(SignedPackage.dumps({"id": "second", "func": "math.floor"}))
    status = _redis_status(redis_broker)
    assert status.broker == "redis" and status.depth == 2
    assert 1.0 <= status.oldest_age_seconds < 10
    redis_broker.dequeue()  # the workers take the oldest first: the age is now the second's
    assert _redis_status(redis_broker).oldest_age_seconds < 1.0


def test_redis_broker_check(redis_broker, monkeypatch):
    import engine.queue

    monkeypatch.setattr(engine.queue, "broker", lambda: redis_broker)
    assert health.check_broker() == f"redis answers ({redis_broker.list_key})"
