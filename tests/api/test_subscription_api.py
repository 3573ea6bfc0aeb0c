"""Subscriptions over REST: listing (filter, search, sort, page), detail with relations,
and the domain model: the whole typed tree with the ids of the subscriptions using each block."""

import pytest

from tests.testproducts import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    router = factories.router(name="rt-ams")
    eth1 = factories.interface(router, name="eth1")
    eth2 = factories.interface(router, name="eth2")
    vlan = factories.vlan([eth1, eth2], vlan_id=42)
    spare = factories.router("provisioning", complete=False, name="rt-spare")
    return {"router": router, "eth1": eth1, "eth2": eth2, "vlan": vlan, "spare": spare}


def ids(client, query):
    response = client.get(f"/api/subscriptions/?{query}")
    assert response.status_code == 200, response.content
    return [s["id"] for s in response.json()["results"]]


def test_list_filters_search_sort_and_page(viewer, network):
    n = {k: str(v.pk) for k, v in network.items()}
    assert ids(viewer, "status=provisioning") == [n["spare"]]
    assert ids(viewer, "product_type=Interface&ordering=description") == [n["eth1"], n["eth2"]]
    assert ids(viewer, "tag=TVLAN") == [n["vlan"]]
    assert ids(viewer, "search=rt-spare") == [n["spare"]]
    assert ids(viewer, "customer_short_code=SURF&ordering=-description&page_size=2&page=1") == [
        n["vlan"],
        n["spare"],
    ]
    assert viewer.get("/api/subscriptions/?status=alive").status_code == 400
    assert (
        viewer.get("/api/subscriptions/?ordering=secret_column").status_code == 200
    )  # unknown sort fields are ignored


def test_list_item_shape(viewer, network):
    item = viewer.get(f"/api/subscriptions/?search={network['vlan'].description}").json()["results"][0]
    assert item["status"] == "active" and item["insync"] is True and item["version"] == 1
    assert item["product"]["name"] == "test vlan" and item["product"]["product_type"] == "Vlan"
    assert item["customer"]["short_code"] == "SURF"


def test_detail_names_what_it_depends_on_and_is_in_use_by(viewer, network):
    body = viewer.get(f"/api/subscriptions/{network['eth1'].pk}").json()
    assert [s["id"] for s in body["depends_on"]] == [str(network["router"].pk)]
    assert [s["id"] for s in body["in_use_by"]] == [str(network["vlan"].pk)]
    assert viewer.get("/api/subscriptions/00000000-0000-0000-0000-000000000000").status_code == 404


def test_domain_model_is_the_typed_tree_with_in_use_by_ids(viewer, network):
    body = viewer.get(f"/api/subscriptions/domain-model/{network['vlan'].pk}").json()
    assert body["product"]["product_type"] == "Vlan"
    vlan = body["vlan"]
    assert vlan["name"] == "VlanBlock" and vlan["speed"] == 1000
    assert [e["vlan_id"] for e in vlan["endpoints"]] == [42, 42]
    endpoint = vlan["endpoints"][0]
    assert endpoint["owner_subscription_id"] == str(network["vlan"].pk)
    assert endpoint["interface"]["interface_name"] == "eth1"
    assert endpoint["interface"]["owner_subscription_id"] == str(network["eth1"].pk)
    assert endpoint["interface"]["router"]["router_name"] == "rt-ams"

    router = viewer.get(f"/api/subscriptions/domain-model/{network['router'].pk}").json()["router"]
    assert router["in_use_by_ids"] == sorted([str(network["eth1"].pk), str(network["eth2"].pk)])
    assert (
        viewer.get("/api/subscriptions/domain-model/00000000-0000-0000-0000-000000000000").status_code == 404
    )
