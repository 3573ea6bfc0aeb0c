"""GraphQL subscriptions: product-specific types behind the common interface (typed
fragments), relations, filters and pages, and the bounded query count for a page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from subscriptions.relations import references
from tests.testproducts import factories

pytestmark = pytest.mark.django_db

TYPED_PAGE = """
query Page($first: Int, $after: Int, $tag: String, $sortBy: [String]) {
  subscriptions(first: $first, after: $after, tag: $tag, sortBy: $sortBy) {
    page {
      id description status insync productType
      product { name tag }
      customer { shortCode }
      dependsOn { id }
      inUseBy { id description }
      ... on RouterSubscription { router { routerName imsId title ownerSubscriptionId } }
      ... on InterfaceSubscription { interface { interfaceName router { routerName } } }
      ... on VlanSubscription {
        vlan { speed endpoints { vlanId interface { interfaceName router { routerName } } } }
      }
    }
    pageInfo { totalItems startCursor endCursor hasNextPage hasPreviousPage }
  }
}
"""


@pytest.fixture
def network():
    router = factories.router(name="rt-gql")
    eth1 = factories.interface(router, name="eth1")
    eth2 = factories.interface(router, name="eth2")
    vlan = factories.vlan([eth1, eth2], vlan_id=7)
    return {"router": router, "eth1": eth1, "eth2": eth2, "vlan": vlan}


def test_typed_fragments_give_each_product_its_blocks(graphql, network):
    page = graphql(TYPED_PAGE, {"sortBy": ["description"]})["subscriptions"]["page"]
    by_id = {item["id"]: item for item in page}
    router = by_id[str(network["router"].pk)]
    assert router["productType"] == "Router"
    assert router["router"]["routerName"] == "rt-gql"
    assert router["router"]["ownerSubscriptionId"] == str(network["router"].pk)
    assert sorted(u["description"] for u in router["inUseBy"]) == [
        "interface eth1 on rt-gql",
        "interface eth2 on rt-gql",
    ]
    vlan = by_id[str(network["vlan"].pk)]
    assert "router" not in vlan
    assert [e["vlanId"] for e in vlan["vlan"]["endpoints"]] == [7, 7]
    assert vlan["vlan"]["endpoints"][1]["interface"] == {
        "interfaceName": "eth2",
        "router": {"routerName": "rt-gql"},
    }
    assert sorted(d["id"] for d in vlan["dependsOn"]) == sorted(
        [str(network["eth1"].pk), str(network["eth2"].pk)]
    )
    assert by_id[str(network["eth1"].pk)]["interface"]["router"]["routerName"] == "rt-gql"


def test_filters_and_pages(graphql, network):
    answer = graphql(TYPED_PAGE, {"tag": "TIFACE", "first": 1, "after": 1, "sortBy": ["description"]})
    result = answer["subscriptions"]
    assert [item["interface"]["interfaceName"] for item in result["page"]] == ["eth2"]
    assert result["pageInfo"] == {
        "totalItems": 2,
        "startCursor": 1,
        "endCursor": 1,
        "hasNextPage": False,
        "hasPreviousPage": True,
    }


def test_single_subscription_and_search(graphql, network):
    query = (
        "query($id: UUID!) { subscription(id: $id) { description "
        "... on VlanSubscription { vlan { speed } } } }"
    )
    assert graphql(query, {"id": str(network["vlan"].pk)})["subscription"]["vlan"]["speed"] == 1000
    found = graphql('{ subscriptions(query: "eth1") { page { id } } }')["subscriptions"]["page"]
    assert [s["id"] for s in found] == [str(network["eth1"].pk)]


def test_invalid_filters_and_sorting_are_errors_that_say_what_is_allowed(graphql):
    body = graphql.post('{ subscriptions(status: ["alive"]) { page { id } } }').json()
    assert "Invalid filter: status" in body["errors"][0]["message"]
    body = graphql.post('{ subscriptions(sortBy: ["secret"]) { page { id } } }').json()
    assert "Cannot sort by secret; allowed: start_date" in body["errors"][0]["message"]
    body = graphql.post("{ subscriptions(first: 100000) { page { id } } }").json()
    assert "first must be 0..500" in body["errors"][0]["message"]


def test_anonymous_gets_401(anonymous):
    response = anonymous.post("/api/graphql/", {"query": "{ customers { name } }"}, format="json")
    assert response.status_code == 401
    assert "Authentication required" in response.json()["errors"][0]["message"]


def make_routers_with_users(count: int) -> None:
    """`count` subscriptions: routers, each in use by one interface; every third a VLAN."""
    made = 0
    while made < count:
        router = factories.router()
        interfaces = [factories.interface(router), factories.interface(router)]
        factories.vlan(interfaces)
        made += 4


def page_queries(graphql, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        page = graphql(TYPED_PAGE, {"first": size})["subscriptions"]["page"]
    assert len(page) == size
    assert {item["productType"] for item in page} == {"Router", "Interface", "Vlan"}
    return len(queries)


def test_a_page_of_100_subscriptions_takes_a_bounded_number_of_queries(graphql):
    make_routers_with_users(12)
    small = page_queries(graphql, 12)
    make_routers_with_users(88)
    large = page_queries(graphql, 100)
    # Auth, the count and the page; per product type on the page its roots, per list type its
    # children (for the page and again for the related subscriptions); per reference declared
    # in the catalogue two (depends on, in use by); the related subscriptions: never per item.
    assert large == small
    assert large <= 12 + 2 * len(references()), large
