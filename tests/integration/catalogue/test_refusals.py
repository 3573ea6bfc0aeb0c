"""Refused input, with a clear error naming what is wrong and nothing written: not in our
database, not in NetBox. Also what the forms offer (choices computed from NetBox and from
subscriptions), and every NetBox step run again (`step_reruns.py`), on the same network."""

import pytest

from engine import operations as ops
from engine.errors import FormNotComplete, FormValidationError
from engine.models import Process
from subscriptions.models import Subscription
from tests.actors import person
from tests.integration.catalogue.catalogue import first_page, interface, inventory, node_page, port_page
from tests.integration.catalogue.step_reruns import every_netbox_step_converges_when_run_again

pytestmark = [pytest.mark.integration, pytest.mark.netbox, pytest.mark.django_db]


def refused(key: str, pages: list[dict], field: str) -> list[str]:
    """Start must fail on `field`; returns its messages, after checking nothing was written."""
    before = (Process.objects.count(), Subscription.objects.count(), inventory())
    with pytest.raises(FormValidationError) as error:
        ops.start_process(key, pages, actor=person("noc"))
    assert (Process.objects.count(), Subscription.objects.count(), inventory()) == before
    messages = [e["msg"] for e in error.value.errors if e["loc"] == [field]]
    assert messages, error.value.errors
    return messages


def next_page(key: str, pages: list[dict]) -> dict:
    with pytest.raises(FormNotComplete) as page:
        ops.start_process(key, pages, actor=person("noc"))
    return page.value.form


def test_on_one_network_refusals_form_choices_and_step_reruns(network, inline_catalogue):
    """One network for the three (building it takes a minute or more)."""
    refusals_write_nothing(network)
    forms_offer_what_netbox_and_the_subscriptions_hold(network)
    every_netbox_step_converges_when_run_again(network, inline_catalogue)


def refusals_write_nothing(network):
    rt1, rt2, tagged, untagged = network["rt1"], network["rt2"], network["tagged"], network["untagged"]

    # A core link from a node to itself
    assert refused(
        "create_core_link",
        [first_page("core link 10G"), {"node_a": str(rt1.pk), "node_b": str(rt1.pk)}],
        "node_b",
    ) == ["node B cannot be the same as node A"]

    # A port on an interface already in use (by a port, by the core link)
    for taken in ("ethernet-1/2", "ethernet-1/1"):
        (message,) = refused(
            "create_port", [first_page("port 10G"), {"node": str(rt1.pk)}, port_page(rt1, taken)], "port"
        )
        assert f"Interface {interface(rt1.node.ims_id, taken).id} is not free on rt1" in message
        assert "ethernet-1/4 (10gbase-x-xfp)" in message and taken + " " not in message

    # L2VPNs: a VLAN in use, VLAN 1 and 4095, a port twice, an untagged port
    l2vpn = [first_page("l2vpn"), network["l2vpn_page"]]
    ports = [str(p.pk) for p in tagged]
    assert refused("create_l2vpn", [*l2vpn, {"ports": ports, "vlan": "99-100"}], "vlan") == [
        "Vlan(s) 100 already in use on port rt1 ethernet-1/2",
        "Vlan(s) 100 already in use on port rt2 ethernet-1/2",
    ]
    for vlan, bad in (("1", 1), ("4095", 4095), ("200,1-5", 1)):
        assert refused("create_l2vpn", [*l2vpn, {"ports": ports, "vlan": vlan}], "vlan") == [
            f"VLAN {bad} is not allowed: each VLAN must be 2..4094"
        ]
    (message,) = refused("create_l2vpn", [*l2vpn, {"ports": [ports[0], ports[0]], "vlan": "200"}], "ports")
    assert message == f"Each value may appear once; repeated: {ports[0]}"
    (message,) = refused(
        "create_l2vpn", [*l2vpn, {"ports": [ports[0], str(untagged.pk)], "vlan": "200"}], "ports"
    )
    assert (
        message == f"{untagged.pk} is not an active tagged port; an L2VPN takes active ports in tagged mode "
        "(choose among the listed)"
    )

    # Terminating a node a port uses
    (message,) = refused(
        "terminate_node", [{"subscription_id": str(rt2.pk)}, {"confirm": True}], "subscription_id"
    )
    assert "in use by" in message and "port 10G rt2 ethernet-1/2" in message

    # A node name that exists (a live node has it)
    (message,) = refused(
        "create_node", [first_page("node FRR"), node_page("rt1", "FRR VM", "Rome")], "node_name"
    )
    assert message == "A node named 'rt1' already exists; node names are unique among live nodes"


def forms_offer_what_netbox_and_the_subscriptions_hold(network):
    rt1 = network["rt1"]
    node_form = next_page("create_node", [first_page("node Nokia")])["properties"]
    assert sorted(node_form["type_id"]["x-enumNames"]) == [
        "Nokia 7210 SAS-R6",
        "Nokia 7220 IXR-D2",
        "Nokia 7220 IXR-D3",
        "Nokia 7950 XRS-20",
    ]  # only the product's vendor
    assert sorted(node_form["site_id"]["x-enumNames"]) == ["Amsterdam", "London", "Madrid", "Paris", "Rome"]
    assert node_form["role_id"]["x-enumNames"] == ["Provider", "Provider Edge"]
    assert node_form["auto_add_interfaces"]["default"] is True

    port_form = next_page("create_port", [first_page("port 10G")])["properties"]
    assert port_form["node"]["x-enumNames"] == ["node rt1 (active)", "node rt2 (active)"]
    free = next_page("create_port", [first_page("port 10G"), {"node": str(rt1.pk)}])["properties"]["port"]
    assert [name.split()[0] for name in free["x-enumNames"]] == [f"ethernet-1/{n}" for n in range(4, 11)]
    free_100g = next_page("create_port", [first_page("port 100G"), {"node": str(rt1.pk)}])["properties"][
        "port"
    ]
    assert [name.split()[0] for name in free_100g["x-enumNames"]] == [
        f"ethernet-1/{n}" for n in range(11, 15)
    ]

    sap_form = next_page("create_l2vpn", [first_page("l2vpn"), network["l2vpn_page"]])["properties"]["ports"]
    assert sorted(sap_form["items"]["x-enumNames"]) == [
        "port 10G rt1 ethernet-1/2 customer on ethernet-1/2",
        "port 10G rt2 ethernet-1/2 customer on ethernet-1/2",
    ]
    assert (sap_form["minItems"], sap_form["maxItems"], sap_form["uniqueItems"]) == (2, 2, True)

    summary = next_page(
        "create_core_link",
        [
            first_page("core link 10G"),
            {"node_a": str(rt1.pk), "node_b": str(network["rt2"].pk)},
            {
                "port_a": interface(rt1.node.ims_id, "ethernet-1/5").id,
                "port_b": interface(network["rt2"].node.ims_id, "ethernet-1/5").id,
            },
        ],
    )
    rows = summary["properties"]["summary"]["default"]["rows"]
    assert ["Port A", "ethernet-1/5 (10gbase-x-xfp)"] in rows and ["Node B", "node rt2 (active)"] in rows
