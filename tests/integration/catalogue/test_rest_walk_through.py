"""The catalogue walk-through driven only over REST, against the real NetBox: every choice
is read from the 510 answers' JSON Schema (NetBox ids, nodes, ports, products,
customers), as a script would; processes run in the test process. Then GraphQL shows the
nodes with their NetBox devices, and everything is terminated in dependency order."""

import pytest

from tests.api.conftest import grant, token_client
from tests.graphql.conftest import GraphQL

pytestmark = [pytest.mark.integration, pytest.mark.netbox, pytest.mark.django_db]


class RestOperator:
    """A script talking to /api/: fills each form page from the schema the 510 answer gives."""

    def __init__(self, client, inline_engine):
        self.client = client
        self.engine = inline_engine

    def form(self, key: str, pages: list) -> dict:
        response = self.client.post(f"/api/processes/{key}", pages, format="json")
        assert response.status_code == 510, (response.status_code, response.content)
        return response.json()["form"]

    def run(self, key: str, *choices: dict) -> dict:
        """Start `key`, filling page after page: each choice maps a field to a value or, for a
        field with choices, to the label to pick. Returns the finished process."""
        pages: list[dict] = []
        for wanted in choices:
            form = self.form(key, pages)
            pages.append({field: pick(form, field, value) for field, value in wanted.items()})
        response = self.client.post(f"/api/processes/{key}", pages, format="json")
        assert response.status_code == 201, response.content
        self.engine.drain()
        process = self.client.get(f"/api/processes/{response.json()['id']}").json()
        assert process["status"] == "completed", (key, process["status"], process["failed_reason"])
        return process

    def create(self, key: str, product: str, *pages: dict) -> str:
        process = self.run(key, {"product": product, "customer_id": "SURF"}, *pages, {})
        (subscription,) = process["subscriptions"]
        return subscription["id"]

    def on(self, key: str, subscription_id: str, *pages: dict) -> dict:
        return self.run(key, {"subscription_id": subscription_id}, *pages)

    def subscription(self, subscription_id: str) -> dict:
        return self.client.get(f"/api/subscriptions/domain-model/{subscription_id}").json()


def pick(form: dict, field: str, wanted):
    """The value of the choice labelled `wanted` (or the one label starting with it); other values
    as given."""
    schema = form["properties"][field]
    choices = schema.get("items", schema)
    if "enum" not in choices or (isinstance(wanted, list) is False and wanted in choices["enum"]):
        return wanted
    labels = dict(zip(choices["x-enumNames"], choices["enum"], strict=True))
    if isinstance(wanted, list):
        return [pick(form, field, w) for w in wanted]
    matches = (
        [labels[wanted]]
        if wanted in labels
        else [v for label, v in labels.items() if label.startswith(wanted)]
    )
    assert len(matches) == 1, f"{field}: {wanted!r} among {list(labels)}"
    return matches[0]


@pytest.fixture
def rest(bootstrapped_netbox, django_user_model, inline_engine):
    user = grant(django_user_model.objects.create_user("script"), "workflows.run_any_workflow")
    return RestOperator(token_client(user), inline_engine)


def node_page(name: str, model: str, site: str) -> dict:
    return {
        "auto_add_interfaces": True,
        "type_id": model,
        "role_id": "Provider",
        "site_id": site,
        "node_status": "active",
        "node_name": name,
        "node_description": f"{name} core",
    }


def test_catalogue_walk_through_over_rest_only(rest):
    customers = rest.client.get("/api/customers/?short_code=SURF").json()["results"]
    assert customers[0]["name"] == "SURF"

    rt1 = rest.create("create_node", "node Cisco", node_page("rt1", "Cisco 8812", "Amsterdam"))
    rt2 = rest.create("create_node", "node Nokia", node_page("rt2", "Nokia 7950 XRS-20", "Paris"))
    node = rest.subscription(rt1)["node"]
    assert (node["node_name"], node["node_status"]) == ("rt1", "active") and node["ims_id"]

    link = rest.create(
        "create_core_link",
        "core link 10G",
        {"node_a": "node rt1", "node_b": "node rt2"},
        {"port_a": "ethernet-1/1 ", "port_b": "ethernet-1/1 ", "under_maintenance": False},
    )
    core_link = rest.subscription(link)["core_link"]
    assert [p["node"]["node_name"] for p in core_link["ports"]] == ["rt1", "rt2"]

    ports = [
        rest.create(
            "create_port",
            "port 10G",
            {"node": f"node {name}"},
            {
                "port": "ethernet-1/2 ",
                "port_description": f"customer on {name}",
                "port_mode": "tagged",
                "auto_negotiation": False,
                "lldp": True,
            },
        )
        for name in ("rt1", "rt2")
    ]
    descriptions = [rest.client.get(f"/api/subscriptions/{p}").json()["description"] for p in ports]
    l2vpn = rest.create(
        "create_l2vpn",
        "l2vpn",
        {"number_of_ports": 2, "speed": 1000, "speed_policer": False},
        {"ports": descriptions, "vlan": "100-102"},
    )
    circuit = rest.subscription(l2vpn)["virtual_circuit"]
    assert [s["vlan"] for s in circuit["saps"]] == ["100-102", "100-102"]
    assert rest.subscription(ports[0])["port"]["in_use_by_ids"] == [l2vpn]

    # A node in use cannot be terminated: the workflows listing says why, and so does a start.
    terminate = next(w for w in rest.client.get(f"/api/subscriptions/workflows/{rt1}").json()["terminate"])
    assert terminate["allowed"] is False and "in use by live subscriptions" in terminate["reason"]
    refused = rest.client.post("/api/processes/terminate_node", [{"subscription_id": rt1}], format="json")
    assert (
        refused.status_code == 400
        and "in use by live subscriptions" in refused.json()["validation_errors"][0]["msg"]
    )

    for key, subscription in [
        ("validate_node", rt1),
        ("validate_node", rt2),
        ("validate_core_link", link),
        ("validate_port", ports[0]),
        ("validate_port", ports[1]),
        ("validate_l2vpn", l2vpn),
    ]:
        rest.on(key, subscription)

    # GraphQL: the nodes with the devices as NetBox has them.
    nodes = GraphQL(rest.client)("""{ subscriptions(productType: "Node", sortBy: ["description"]) { page {
        ... on NodeSubscription { node { nodeName netboxDevice { name site status deviceType primaryIp4 } } }
        inUseBy { productType } } } }""")["subscriptions"]["page"]
    assert [n["node"]["netboxDevice"]["name"] for n in nodes] == ["rt1", "rt2"]
    assert nodes[0]["node"]["netboxDevice"]["site"] == "Amsterdam"
    assert nodes[0]["node"]["netboxDevice"]["primaryIp4"].startswith("10.0.127.")
    assert sorted(u["productType"] for u in nodes[0]["inUseBy"]) == ["CoreLink", "Port"]

    for key, subscription in [
        ("terminate_l2vpn", l2vpn),
        ("terminate_port", ports[0]),
        ("terminate_port", ports[1]),
        ("terminate_core_link", link),
        ("terminate_node", rt1),
        ("terminate_node", rt2),
    ]:
        rest.on(key, subscription, {"confirm": True})
    statuses = {s["status"] for s in rest.client.get("/api/subscriptions/?page_size=100").json()["results"]}
    assert statuses == {"terminated"}
