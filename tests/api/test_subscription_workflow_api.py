"""What can be done to a subscription over REST: its workflows with reasons, starting them
(refusals as 400 per field), the processes that worked on it, and set in sync."""

import pytest

from subscriptions.models import Subscription
from tests.api.conftest import grant, token_client
from tests.testproducts import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def router():
    router = factories.router(name="rt-gating")
    factories.interface(router, name="eth9")
    return router


def workflows(client, subscription) -> dict:
    response = client.get(f"/api/subscriptions/workflows/{subscription.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    return {
        item["name"]: item
        for group in ("create", "modify", "terminate", "validate", "reconcile", "system")
        for item in body[group]
    }


def test_workflows_of_a_subscription_with_reasons_and_may_run(viewer_user, router):
    client = token_client(grant(viewer_user, "workflows.run_modify_test_router"))
    items = workflows(client, router)
    assert items["modify_test_router"]["allowed"] is True and items["modify_test_router"]["reason"] is None
    assert items["modify_test_router"]["may_run"] is True
    assert items["terminate_test_router"]["allowed"] is False
    assert items["terminate_test_router"]["may_run"] is False
    assert any("in use by live subscriptions" in r for r in items["terminate_test_router"]["reasons"])
    assert items["modify_note"]["allowed"] is True
    assert client.get("/api/subscriptions/workflows/00000000-0000-0000-0000-000000000000").status_code == 404


def test_a_refused_start_is_a_400_on_the_subscription_field(operator, router):
    response = operator.post(
        "/api/processes/terminate_test_router", [{"subscription_id": str(router.pk)}], format="json"
    )
    assert response.status_code == 400
    errors = response.json()["validation_errors"]
    assert errors[0]["loc"] == ["subscription_id"]
    assert "in use by live subscriptions" in errors[0]["msg"]


def test_a_stale_version_is_refused(operator, router):
    page = {"subscription_id": str(router.pk), "version": router.version - 1 if router.version > 1 else 99}
    response = operator.post("/api/processes/modify_test_router", [page, {"description": "x"}], format="json")
    assert response.status_code == 400
    assert response.json()["validation_errors"][0]["loc"] == ["version"]


def test_a_running_process_holds_the_subscription(operator, router, inline_engine):
    start = [{"subscription_id": str(router.pk)}, {"description": "new"}]
    response = operator.post("/api/processes/modify_test_router", start, format="json")
    assert response.status_code == 201
    process_id = response.json()["id"]

    detail = operator.get(f"/api/processes/{process_id}").json()
    assert [s["id"] for s in detail["subscriptions"]] == [str(router.pk)]
    listed = operator.get(f"/api/processes/?subscription={router.pk}").json()["results"]
    assert [p["id"] for p in listed] == [process_id]

    items = workflows(operator, router)
    assert items["modify_test_router"]["allowed"] is False
    assert "an unfinished process holds the subscription" in items["modify_test_router"]["reason"]
    assert operator.post("/api/processes/modify_test_router", start, format="json").status_code == 400

    inline_engine.drain()
    assert operator.get(f"/api/processes/{process_id}").json()["status"] == "completed"
    assert Subscription.objects.get(pk=router.pk).insync is True


def test_set_in_sync(viewer_user, operator_user, router, inline_engine):
    Subscription.objects.filter(pk=router.pk).update(insync=False)
    url = f"/api/subscriptions/{router.pk}/set_in_sync"
    assert token_client(viewer_user).put(url).status_code == 403
    client = token_client(grant(operator_user, "subscriptions.change_subscription"))
    response = client.put(url)
    assert response.status_code == 200
    assert response.json()["insync"] is True
    assert (
        client.put("/api/subscriptions/00000000-0000-0000-0000-000000000000/set_in_sync").status_code == 404
    )


def test_set_in_sync_is_refused_while_a_process_holds_it(operator_user, router, inline_engine):
    client = token_client(grant(operator_user, "subscriptions.change_subscription"))
    start = [{"subscription_id": str(router.pk)}, {"description": "new"}]
    assert client.post("/api/processes/modify_test_router", start, format="json").status_code == 201
    response = client.put(f"/api/subscriptions/{router.pk}/set_in_sync")
    assert response.status_code == 409
    assert "an unfinished process holds the subscription" in response.json()["detail"]
