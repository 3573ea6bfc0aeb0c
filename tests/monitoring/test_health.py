"""/api/health/ (liveness) and /api/health/ready/ (database, broker, NetBox)."""

import pytest

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/api/health/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_ready_when_database_and_broker_answer(client, settings):
    settings.HEALTH_READY_CHECKS = ["database", "broker"]
    response = client.get("/api/health/ready/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] and body["checks"]["broker"]["ok"]
    assert "answers" in body["checks"]["database"]["detail"]


def test_not_ready_when_netbox_does_not_answer(client, settings):
    settings.NETBOX_URL, settings.NETBOX_TOKEN = "http://127.0.0.1:9", "nbt_x.y"  # nothing listens on port 9
    settings.HEALTH_READY_CHECKS = ["database", "broker", "netbox"]
    response = client.get("/api/health/ready/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and checks["broker"]["ok"]
    assert not checks["netbox"]["ok"] and "ConnectionError" in checks["netbox"]["detail"]


def test_not_ready_when_netbox_is_not_configured(client, settings):
    settings.NETBOX_URL = ""
    settings.HEALTH_READY_CHECKS = ["netbox"]
    response = client.get("/api/health/ready/")
    assert response.status_code == 503
    assert "set NETBOX_URL and NETBOX_TOKEN" in response.json()["checks"]["netbox"]["detail"]


def test_not_ready_when_the_database_fails(client, settings, monkeypatch):
    from monitoring import health

    def down():
        raise ConnectionError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", down)
    settings.HEALTH_READY_CHECKS = ["database", "broker"]
    response = client.get("/api/health/ready/")
    assert response.status_code == 503
    database = response.json()["checks"]["database"]
    assert database["ok"] is False and database["detail"] == "ConnectionError: connection refused"


def test_an_unknown_check_is_named(client, settings):
    settings.HEALTH_READY_CHECKS = ["database", "dns"]
    response = client.get("/api/health/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["dns"]["detail"] == (
        "unknown check 'dns' in HEALTH_READY_CHECKS; known: database, broker, netbox"
    )


def test_health_endpoints_take_only_get(client):
    assert client.post("/api/health/").status_code == 405
    assert client.post("/api/health/ready/").status_code == 405
