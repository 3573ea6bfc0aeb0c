"""Read-only listings and details: workflows (with may_run), products, product blocks,
customers, the engine switch. One table of endpoints, each checked for 401 and 200."""

import pytest

from engine.models import EngineSettings
from tests.api.conftest import grant, token_client

pytestmark = pytest.mark.django_db

READ_ENDPOINTS = [
    "/api/processes/",
    "/api/subscriptions/",
    "/api/workflows/",
    "/api/products/",
    "/api/product_blocks/",
    "/api/customers/",
    "/api/settings/status",
    "/api/product_blocks/RouterBlock",
]


@pytest.mark.parametrize("url", READ_ENDPOINTS)
def test_anonymous_callers_get_401(anonymous, url):
    assert anonymous.get(url).status_code == 401


@pytest.mark.parametrize("url", READ_ENDPOINTS)
def test_any_logged_in_user_may_read(viewer, url):
    assert viewer.get(url).status_code == 200


def test_workflows_say_whether_the_caller_may_run_each(viewer_user):
    client = token_client(grant(viewer_user, "workflows.run_task_effects"))
    body = client.get("/api/workflows/?page_size=1000").json()
    may_run = {w["key"]: w["may_run"] for w in body["results"]}
    assert may_run["task_effects"] is True
    assert may_run["plain_two_pages"] is False
    task = next(w for w in body["results"] if w["key"] == "task_effects")
    assert task["target"] == "SYSTEM" and task["is_task"] is True


def test_workflows_filter_by_target(viewer):
    body = viewer.get("/api/workflows/?is_task=false&page_size=1000").json()
    assert "plain_two_pages" in [w["key"] for w in body["results"]]
    assert all(not w["is_task"] for w in body["results"])
    assert viewer.get("/api/workflows/?target=SIDEWAYS").status_code == 400


def test_products_with_fixed_inputs_and_root_blocks(viewer):
    body = viewer.get("/api/products/?tag=TROUTER").json()
    assert [p["name"] for p in body["results"]] == ["test router A", "test router B"]
    router_a = body["results"][0]
    assert router_a["fixed_inputs"] == {"vendor": "A"}
    assert router_a["product_blocks"] == ["RouterBlock"]
    assert router_a["product_type"] == "Router"
    detail = viewer.get(f"/api/products/{router_a['id']}").json()
    assert detail["name"] == "test router A"
    assert viewer.get("/api/products/999999").status_code == 404


def test_product_blocks_describe_columns_lists_and_references(viewer):
    blocks = {b["name"]: b for b in viewer.get("/api/product_blocks/").json()}
    vlan = blocks["VlanBlock"]
    assert vlan["lists"] == [{"name": "endpoints", "block": "EndpointBlock", "min_items": 2, "max_items": 8}]
    assert vlan["product_types"] == ["Vlan"]
    columns = {c["name"]: c for c in blocks["EndpointBlock"]["resource_types"]}
    assert columns["interface"]["type"] == "reference"
    assert columns["interface"]["references"] == "InterfaceBlock"
    assert columns["vlan_id"]["required_from"] == "provisioning"
    assert columns["ims_id"]["required_from"] == "active"
    assert "service" not in columns  # the parent key is the list, not a column
    assert blocks["EndpointBlock"]["product_types"] == ["Vlan"]


def test_unknown_product_block_answers_404_naming_the_known_ones(viewer):
    response = viewer.get("/api/product_blocks/NoSuchBlock")
    assert response.status_code == 404
    assert "known product blocks:" in response.json()["detail"] and "RouterBlock" in response.json()["detail"]


def test_customers_list_search_and_detail(viewer):
    body = viewer.get("/api/customers/?search=esn").json()
    assert [(c["name"], c["short_code"]) for c in body["results"]] == [("ESnet", "ESNET")]
    customer_id = body["results"][0]["id"]
    assert viewer.get(f"/api/customers/{customer_id}").json()["short_code"] == "ESNET"


def test_engine_status_pause_and_resume(viewer, operator):
    assert viewer.get("/api/settings/status").json()["global_status"] == "RUNNING"
    response = viewer.put("/api/settings/status", {"global_lock": True}, format="json")
    assert response.status_code == 403
    assert not EngineSettings.get().paused

    body = operator.put("/api/settings/status", {"global_lock": True}, format="json").json()
    assert (
        body["global_lock"] is True and body["global_status"] == "PAUSED" and body["paused_by"] == "operator"
    )
    assert EngineSettings.get().paused
    body = operator.put("/api/settings/status", {"global_lock": False}, format="json").json()
    assert body["global_status"] == "RUNNING"
    assert operator.put("/api/settings/status", {"global_lock": "perhaps"}, format="json").status_code == 400


def test_openapi_schema_and_offline_docs_page(anonymous, viewer):
    schema = viewer.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "510" in paths["/api/processes/{workflow_key}"]["post"]["responses"]
    docs = viewer.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in page  # served by us, not a CDN
    assert "cdn." not in page and "unpkg" not in page


def test_api_root_lists_the_endpoints_and_unknown_paths_get_a_json_404(anonymous):
    root = anonymous.get("/api/").json()
    assert root["processes"] == "http://testserver/api/processes/" and root["schema"].endswith("/api/schema/")
    response = anonymous.put("/api/no/such/thing", {}, format="json")
    assert response.status_code == 404
    assert (
        response.json()["detail"]
        == "No API endpoint at /api/no/such/thing; the endpoints are listed in /api/schema/"
    )
