"""GraphQL `netboxDevice`: the device as the real NetBox has it, for a whole page of
blocks in one NetBox request (the test products' router block links its ims_id)."""

import pytest
import requests

from netbox_integration.bootstrap import bootstrap
from netbox_integration.client import netbox
from tests.api.conftest import token_client
from tests.graphql.conftest import GraphQL
from tests.testproducts import factories

pytestmark = [pytest.mark.integration, pytest.mark.netbox, pytest.mark.django_db]

QUERY = """{
  subscriptions(tag: "TROUTER", sortBy: ["description"]) {
    page {
      description
      ... on RouterSubscription {
        router { routerName netboxDevice { id name status site deviceType role primaryIp4 primaryIp6 url } }
      }
    }
  }
}"""


@pytest.fixture
def devices(clean_netbox):
    bootstrap()
    api = netbox()
    site = api.dcim.sites.get(name="Amsterdam")
    role = api.dcim.device_roles.get(name="Provider Edge")
    device_type = api.dcim.device_types.get(model="Nokia 7210 SAS-R6")
    made = [
        api.dcim.devices.create(
            name=f"gql-{n}",
            site=site.id,
            role=role.id,
            device_type=device_type.id,
            status="planned" if n == 2 else "active",
        )
        for n in range(3)
    ]
    loopback = api.dcim.interfaces.create(device=made[0].id, name="Loopback0", type="virtual")
    address = api.ipam.ip_addresses.create(
        address="10.0.127.1/32",
        assigned_object_type="dcim.interface",
        assigned_object_id=loopback.id,
        status="active",
    )
    made[0].update({"primary_ip4": address.id})
    return made


def test_a_page_of_nodes_is_enriched_from_netbox_in_one_request(devices, django_user_model, monkeypatch):
    for n, device in enumerate(devices):
        router = factories.router(name=f"rt-{n}")
        router.router.ims_id = device.id
        router.save()
    missing = factories.router(name="rt-not-in-netbox")
    missing.router.ims_id = max(d.id for d in devices) + 1000  # no such device in NetBox
    missing.save()
    calls = []
    original = requests.Session.request

    def counting(session, method, url, *args, **kwargs):
        calls.append(url)
        return original(session, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", counting)
    viewer = django_user_model.objects.create_user("viewer")
    page = GraphQL(token_client(viewer))(QUERY)["subscriptions"]["page"]

    assert [c for c in calls if "/api/dcim/devices/" in c] == [calls[0]] and len(calls) == 1, calls
    by_name = {item["router"]["routerName"]: item["router"]["netboxDevice"] for item in page}
    first = by_name["rt-0"]
    assert first["id"] == devices[0].id and first["name"] == "gql-0"
    assert (first["site"], first["role"], first["deviceType"]) == (
        "Amsterdam",
        "Provider Edge",
        "Nokia 7210 SAS-R6",
    )
    assert (
        first["status"] == "active" and first["primaryIp4"] == "10.0.127.1/32" and first["primaryIp6"] is None
    )
    assert first["url"].endswith(f"/dcim/devices/{devices[0].id}/")
    assert by_name["rt-2"]["status"] == "planned"
    assert by_name["rt-not-in-netbox"] is None
