"""The catalogue as declared: products and fixed inputs, blocks' lifecycle requirements,
titles and descriptions (no NetBox needed)."""

import pytest

from lifecycle.gating import workflows_for_subscription
from products.models import Product
from products.product_blocks.core_link import CoreLinkBlock
from products.product_blocks.core_port import CorePortBlock
from products.product_blocks.node import NodeBlock
from products.product_blocks.sap import SapBlock
from products.product_blocks.virtual_circuit import VirtualCircuitBlock
from products.product_types.core_link import CoreLink
from products.product_types.l2vpn import L2vpn
from products.product_types.node import Node
from products.services.description import description
from subscriptions.lifecycle import IncompleteBlocks
from tests.unit.catalogue.factories import catalogue_subscription, node, port

pytestmark = pytest.mark.django_db

CATALOGUE = {
    "node Cisco": ("Node", "NODE", {"node_type": "Cisco"}),
    "node Nokia": ("Node", "NODE", {"node_type": "Nokia"}),
    "node Cumulus": ("Node", "NODE", {"node_type": "Cumulus"}),
    "node FRR": ("Node", "NODE", {"node_type": "FRR"}),
    "port 10G": ("Port", "PORT", {"speed": "10000"}),
    "port 100G": ("Port", "PORT", {"speed": "100000"}),
    "core link 10G": ("CoreLink", "CORE_LINK", {"speed": "10000"}),
    "core link 100G": ("CoreLink", "CORE_LINK", {"speed": "100000"}),
    "l2vpn": ("L2vpn", "L2VPN", {}),
}


def test_products_are_in_the_database_with_their_fixed_inputs():
    for name, (product_type, tag, fixed_inputs) in CATALOGUE.items():
        product = Product.objects.get(name=name)
        assert (product.product_type, product.tag, product.in_code) == (product_type, tag, True)
        assert {f.name: f.value for f in product.fixed_inputs.all()} == fixed_inputs


def test_every_product_offers_its_workflows():
    expected = {
        "node Nokia": {
            "create_node",
            "modify_node",
            "update_node_interfaces",
            "terminate_node",
            "validate_node",
            "modify_note",
        },
        "port 100G": {"create_port", "modify_port", "terminate_port", "validate_port", "modify_note"},
        "core link 10G": {
            "create_core_link",
            "modify_core_link",
            "terminate_core_link",
            "validate_core_link",
            "modify_note",
        },
        "l2vpn": {
            "create_l2vpn",
            "modify_l2vpn",
            "terminate_l2vpn",
            "validate_l2vpn",
            "reconcile_l2vpn",
            "modify_note",
        },
    }
    for name, keys in expected.items():
        assert set(Product.objects.get(name=name).workflows.values_list("key", flat=True)) == keys


def test_completeness_per_lifecycle_names_blocks_and_fields():
    empty = catalogue_subscription(Node, "node Cisco")
    empty.node = NodeBlock(node_name="rt9")
    empty.save()  # an initial subscription may hold an empty block
    with pytest.raises(IncompleteBlocks) as refused:
        empty.to_provisioning()
    assert "'node rt9 status ' is missing role_id, type_id, site_id, node_status" in str(refused.value)

    provisioning = node("rt8", status="provisioning", ims_id=None, nrm_id=None)
    with pytest.raises(IncompleteBlocks) as refused:
        provisioning.to_active()
    assert "is missing ims_id, nrm_id" in str(refused.value)

    link = catalogue_subscription(CoreLink, "core link 10G")
    link.core_link = CoreLinkBlock(under_maintenance=False)
    link.core_link.ports = [CorePortBlock(port_name="ethernet-1/1", node=node("rt7").node)]
    link.save()
    with pytest.raises(IncompleteBlocks) as refused:
        link.to_provisioning()
    assert "ports (needs exactly 2, has 1)" in str(refused.value)


def test_titles_and_descriptions():
    rt1, rt2 = node("rt1"), node("rt2", node_status="planned")
    assert (rt1.description, rt2.node.title) == ("node rt1 (active)", "node rt2 status planned")
    p1, p2 = port(rt1), port(rt2, "ethernet-1/3")
    assert (
        description(p1) == "port 10G rt1 ethernet-1/2 uplink" and p1.port.title == "port ethernet-1/2 on rt1"
    )

    link = catalogue_subscription(CoreLink, "core link 100G")
    link.core_link = CoreLinkBlock(under_maintenance=True)
    link.core_link.ports = [
        CorePortBlock(port_name="ethernet-1/11", node=rt1.node),
        CorePortBlock(port_name="ethernet-1/12", node=rt2.node),
    ]
    assert description(link) == "core link 100G rt1 ethernet-1/11 <-> ethernet-1/12 rt2 (maintenance)"
    assert description(link.core_link.ports[1]) == "CorePort rt2 ethernet-1/12"
    assert link.core_link.title == "core link between rt1 and rt2"

    l2vpn = catalogue_subscription(L2vpn, "l2vpn")
    l2vpn.virtual_circuit = VirtualCircuitBlock(speed=500, speed_policer=True)
    l2vpn.virtual_circuit.saps = [SapBlock(port=p2.port, vlan="10-12"), SapBlock(port=p1.port, vlan="10-12")]
    assert description(l2vpn) == "L2VPN 500 Mbit/s (rt1-rt2) (policer active)"
    assert l2vpn.virtual_circuit.saps[0].title == "VLAN 10-12 on port ethernet-1/3 of rt2"
    assert l2vpn.virtual_circuit.title == "500 Mbit/s circuit between rt2 and rt1"
    with pytest.raises(TypeError, match="described are: CoreLink, CorePortBlock, L2vpn, Node, Port"):
        description(rt1.node)


def test_a_node_used_by_a_port_cannot_be_terminated():
    rt1 = node("rt1")
    port(rt1)
    terminate = next(w for w in workflows_for_subscription(rt1) if w.key == "terminate_node")
    assert not terminate.allowed and "in use by" in terminate.reason


def test_a_port_knows_the_saps_and_vlans_on_it_and_the_admin_shows_the_tree(admin_client):
    rt1, rt2 = node("rt1"), node("rt2")
    p1, p2 = port(rt1), port(rt2)
    l2vpn = catalogue_subscription(L2vpn, "l2vpn", "active")
    l2vpn.virtual_circuit = VirtualCircuitBlock(speed=100, speed_policer=False, ims_id=1, nrm_id=1)
    l2vpn.virtual_circuit.saps = [
        SapBlock(port=p1.port, vlan="10-12", ims_id=2),
        SapBlock(port=p2.port, vlan="10-12", ims_id=3),
    ]
    l2vpn.description = description(l2vpn)
    l2vpn.save()
    assert [sap.subscription_id for sap in p1.port.active_saps()] == [l2vpn.pk]
    assert (
        p1.port.vlans_in_use() == {10, 11, 12}
        and p1.port.vlans_in_use(exclude_subscription_id=l2vpn.pk) == set()
    )

    page = admin_client.get(f"/admin/subscriptions/subscription/{l2vpn.pk}/change/").content.decode()
    assert "VLAN 10-12 on port ethernet-1/2 of rt1" in page and p2.description in page
    assert p1.pk in set(l2vpn.depends_on().values_list("pk", flat=True))
