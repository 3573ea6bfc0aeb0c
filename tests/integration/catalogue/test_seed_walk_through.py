"""The seed walk-through of the example catalogue, against the real NetBox, through a real worker.

Bootstrap; two nodes (Cisco, Nokia); their interfaces; a 10G core link between them; a tagged
10G port on each; an L2VPN over both ports with VLANs 100-102; validate everything; break one
thing in NetBox by hand, see the validate name it, fix it, retry; modify each product;
terminate in dependency order. NetBox's objects are asserted at every stage.
"""

import dataclasses
import ipaddress

import pytest

from engine import operations as ops
from netbox_integration.operations import create, delete, get, update
from netbox_integration.operations import filter as netbox_filter
from netbox_integration.payloads import (
    CablePayload,
    DevicePayload,
    InterfacePayload,
    IPAddressPayload,
    L2VPNPayload,
    L2VPNTerminationPayload,
    PrefixPayload,
    VLANGroupPayload,
    VLANPayload,
)
from products.services.netbox.interfaces import DISCOVERED_INTERFACES
from tests.actors import person
from tests.integration.catalogue.catalogue import device_type, interface, inventory, node_page, role, site

pytestmark = [pytest.mark.integration, pytest.mark.netbox]


def interfaces_of(device_id: int) -> dict[str, InterfacePayload]:
    return {i.name: i for i in netbox_filter(InterfacePayload, device_id=device_id)}


def assert_node_in_netbox(node, model: str, site_name: str):
    block = node.node
    device = get(DevicePayload, id=block.ims_id)
    assert (device.name, device.status, device.site, device.role, device.device_type) == (
        block.node_name,
        "active",
        site(site_name),
        role("Provider"),
        device_type(model),
    )
    assert (device.primary_ip4, device.primary_ip6) == (block.ipv4_ipam_id, block.ipv6_ipam_id)
    loopback = interface(device.netbox_id(), "Loopback0")
    for address_id, pool, version in (
        (block.ipv4_ipam_id, "10.0.127.0/24", 4),
        (block.ipv6_ipam_id, "fc00:0:0:127::/64", 6),
    ):
        address = get(IPAddressPayload, id=address_id)
        ip = ipaddress.ip_interface(address.address)
        assert ip.ip in ipaddress.ip_network(pool) and ip.ip != ipaddress.ip_network(pool).network_address
        assert (address.assigned_object_id, address.description) == (
            loopback.id,
            f"IPv{version} loopback {block.node_name}",
        )


def walk_through(catalogue):
    # --- Nodes ---------------------------------------------------------------------------
    _, rt1 = catalogue.create("create_node", "node Cisco", node_page("rt1", "Cisco 8812", "Amsterdam"), {})
    _, rt2 = catalogue.create("create_node", "node Nokia", node_page("rt2", "Nokia 7950 XRS-20", "Paris"), {})
    assert (rt1.status, rt1.insync, rt1.description) == ("active", True, "node rt1 (active)")
    assert_node_in_netbox(rt1, "Cisco 8812", "Amsterdam")
    assert_node_in_netbox(rt2, "Nokia 7950 XRS-20", "Paris")
    assert set(interfaces_of(rt1.node.ims_id)) == {"Loopback0"}  # auto_add_interfaces was off

    # --- Update node interfaces ----------------------------------------------------------
    for node in (rt1, rt2):
        process, _ = catalogue.completes("update_node_interfaces", node)
        assert len(process.state["interfaces_added"]) == 14 and process.state["interfaces_deleted"] == []
        found = interfaces_of(node.node.ims_id)
        assert set(found) == {"Loopback0", *DISCOVERED_INTERFACES}
        assert (found["ethernet-1/1"].type, found["ethernet-1/1"].speed, found["ethernet-1/1"].enabled) == (
            "10gbase-x-xfp",
            10_000_000,
            False,
        )
        assert (found["ethernet-1/11"].type, found["ethernet-1/11"].speed) == ("100gbase-x-cfp", 100_000_000)

    # --- Core link 10G -------------------------------------------------------------------
    rt1_e1 = interface(rt1.node.ims_id, "ethernet-1/1")
    rt2_e1 = interface(rt2.node.ims_id, "ethernet-1/1")
    _, link = catalogue.create(
        "create_core_link",
        "core link 10G",
        {"node_a": str(rt1.pk), "node_b": str(rt2.pk)},
        {"port_a": rt1_e1.id, "port_b": rt2_e1.id, "under_maintenance": False},
        {},
    )
    assert link.description == "core link 10G rt1 ethernet-1/1 <-> ethernet-1/1 rt2"
    cable = get(CablePayload, id=link.core_link.ims_id)
    assert (cable.a_interface, cable.b_interface, cable.type, cable.status) == (
        rt1_e1.id,
        rt2_e1.id,
        "smf",
        "connected",
    )
    prefix = get(PrefixPayload, id=link.core_link.ipv6_prefix_ipam_id)
    network = ipaddress.IPv6Network(prefix.prefix)
    assert network.prefixlen == 127 and network.subnet_of(ipaddress.IPv6Network("fc00:0:0:10::/64"))
    for port, other in ((link.core_link.ports[0], "rt2"), (link.core_link.ports[1], "rt1")):
        address = get(IPAddressPayload, id=port.ipv6_ipam_id)
        assert (
            ipaddress.IPv6Interface(address.address).ip in network
            and address.assigned_object_id == port.ims_id
        )
        side = get(InterfacePayload, id=port.ims_id)
        assert (side.enabled, side.description) == (True, f"core link 10G to {other}")

    # --- Two tagged ports 10G (rt2's on an interface added in NetBox by hand) -----------------
    create(
        InterfacePayload(
            device=rt2.node.ims_id, name="ethernet-2/1", type="10gbase-x-xfp", enabled=False, speed=10_000_000
        )
    )
    ports = []
    for node, name in ((rt1, "ethernet-1/2"), (rt2, "ethernet-2/1")):
        free = interface(node.node.ims_id, name)
        _, port = catalogue.create(
            "create_port",
            "port 10G",
            {"node": str(node.pk)},
            {
                "port": free.id,
                "port_description": f"customer on {node.node.node_name}",
                "port_mode": "tagged",
                "auto_negotiation": False,
                "lldp": True,
            },
            {},
        )
        taken = get(InterfacePayload, id=free.id)
        assert (taken.enabled, taken.mode, taken.speed, taken.tagged_vlans) == (
            True,
            "tagged",
            10_000_000,
            [],
        )
        assert taken.description == f"port 10G {node.node.node_name} {name} customer on {node.node.node_name}"
        ports.append(port)

    # --- Update interfaces again: a stray one goes; Loopback0 and ones in use stay --------------
    create(InterfacePayload(device=rt2.node.ims_id, name="ethernet-9/9", type="1000base-t", enabled=False))
    process, _ = catalogue.completes("update_node_interfaces", rt2)
    assert (
        process.state["interfaces_added"],
        process.state["interfaces_deleted"],
        process.state["interfaces_kept_in_use"],
    ) == ([], ["ethernet-9/9"], ["ethernet-2/1"])
    assert set(interfaces_of(rt2.node.ims_id)) == {"Loopback0", "ethernet-2/1", *DISCOVERED_INTERFACES}

    # --- L2VPN over both ports, VLANs 100-102 ----------------------------------------------
    _, l2vpn = catalogue.create(
        "create_l2vpn",
        "l2vpn",
        {"number_of_ports": 2, "speed": 1000, "speed_policer": False},
        {"ports": [str(p.pk) for p in ports], "vlan": "100-102"},
        {},
    )
    assert l2vpn.description == "L2VPN 1000 Mbit/s (rt1-rt2)"
    vpn = get(L2VPNPayload, id=l2vpn.virtual_circuit.ims_id)
    assert (vpn.slug, vpn.type, vpn.name[:8]) == (str(l2vpn.pk), "mpls-evpn", str(l2vpn.pk)[:8])
    groups = netbox_filter(VLANGroupPayload)
    assert sorted(g.name for g in groups) == ["rt1 ethernet-1/2", "rt2 ethernet-2/1"]
    vlan_ids = set()
    for group, port in zip(sorted(groups, key=lambda g: g.name), ports, strict=True):
        vlans = netbox_filter(VLANPayload, group_id=group.id)
        assert sorted(v.vid for v in vlans) == [100, 101, 102] and group.vid_ranges == [[100, 102]]
        assert {v.name for v in vlans} == {f"{group.name} - {vid}" for vid in (100, 101, 102)}
        tagged = get(InterfacePayload, id=port.port.ims_id)
        assert sorted(tagged.tagged_vlans) == sorted(v.netbox_id() for v in vlans)  # tagged at once (beyond)
        vlan_ids |= {v.id for v in vlans}
    terminations = netbox_filter(L2VPNTerminationPayload, l2vpn_id=vpn.id)
    assert {t.assigned_object_id for t in terminations} == vlan_ids and len(terminations) == 6

    # --- Validate everything ---------------------------------------------------------------
    everything = {
        "validate_node": [rt1, rt2],
        "validate_core_link": [link],
        "validate_port": ports,
        "validate_l2vpn": [l2vpn],
    }
    for key, subscriptions in everything.items():
        for subscription in subscriptions:
            catalogue.completes(key, subscription)

    # --- A change by hand in NetBox: the matching validate names it; fix; retry passes -------
    port_interface = get(InterfacePayload, id=ports[0].port.ims_id)
    assert port_interface is not None
    update(dataclasses.replace(port_interface, description="changed by hand"))
    failed = catalogue.on("validate_port", ports[0])
    assert failed.status == "inconsistent_data"
    assert (
        "interface ethernet-1/2 of rt1: description is 'changed by hand' in NetBox, expected 'port 10G rt1 "
        "ethernet-1/2 customer on rt1'" in failed.failed_reason
    )
    update(port_interface)  # fixed by hand
    ops.retry_process(failed.pk, actor=person("noc"))
    assert catalogue.run(failed).status == "completed"
    # … and an L2VPN VLAN removed by hand is named by its validate
    hand_removed = netbox_filter(VLANPayload, vid=101, group_id=l2vpn.virtual_circuit.saps[1].ims_id)[0]
    delete(hand_removed)
    failed = catalogue.on("validate_l2vpn", l2vpn)
    assert (
        failed.status == "inconsistent_data"
        and "VLAN 101 in VLAN group 'rt2 ethernet-2/1'" in failed.failed_reason
    )
    recreated = create(dataclasses.replace(hand_removed, id=None))
    termination = create(
        L2VPNTerminationPayload(
            l2vpn=vpn.netbox_id(), assigned_object_id=recreated.netbox_id(), subscription_id=str(l2vpn.pk)
        )
    )
    tagged = get(InterfacePayload, id=ports[1].port.ims_id)
    assert tagged is not None
    update(dataclasses.replace(tagged, tagged_vlans=[*tagged.tagged_vlans, recreated.netbox_id()]))
    ops.retry_process(failed.pk, actor=person("noc"))
    assert catalogue.run(failed).status == "completed", termination

    # --- Modify each product -----------------------------------------------------------------
    modified = node_page("rt1", "Cisco ASR 903", "London")
    del modified["auto_add_interfaces"]  # a create-only choice
    _, rt1 = catalogue.completes("modify_node", rt1, {**modified, "node_description": "moved"}, {})
    device = get(DevicePayload, id=rt1.node.ims_id)
    assert (device.device_type, device.site, device.description) == (
        device_type("Cisco ASR 903"),
        site("London"),
        "moved",
    )
    _, ports[0] = catalogue.completes(
        "modify_port", ports[0], {"port_description": "renamed", "auto_negotiation": True, "lldp": False}, {}
    )
    assert get(InterfacePayload, id=ports[0].port.ims_id).description == "port 10G rt1 ethernet-1/2 renamed"
    _, link = catalogue.completes("modify_core_link", link, {"under_maintenance": True}, {})
    assert get(CablePayload, id=link.core_link.ims_id).description.endswith("(maintenance)")
    _, l2vpn = catalogue.completes("modify_l2vpn", l2vpn, {"speed": 2000, "speed_policer": True}, {})
    assert get(L2VPNPayload, id=vpn.id).description == "L2VPN 2000 Mbit/s (rt1-rt2) (policer active)"
    catalogue.completes("reconcile_l2vpn", l2vpn)
    for key, subscriptions in {
        **everything,
        "validate_node": [rt1, rt2],
        "validate_port": ports,
        "validate_core_link": [link],
        "validate_l2vpn": [l2vpn],
    }.items():
        for subscription in subscriptions:
            catalogue.completes(key, subscription)

    # --- Terminate in dependency order ---------------------------------------------------------
    confirm = {"confirm": True}
    catalogue.completes("terminate_l2vpn", l2vpn, confirm)
    assert netbox_filter(VLANGroupPayload) == [] and netbox_filter(VLANPayload) == []
    assert netbox_filter(L2VPNPayload) == [] and netbox_filter(L2VPNTerminationPayload) == []
    for port in ports:
        assert get(InterfacePayload, id=port.port.ims_id).tagged_vlans == []
    for port in ports:
        _, port = catalogue.completes("terminate_port", port, confirm)
        released = get(InterfacePayload, id=port.port.ims_id)
        assert (port.status, released.enabled, released.description, released.mode) == (
            "terminated",
            False,
            "",
            None,
        )
    catalogue.completes("terminate_core_link", link, confirm)
    assert (
        netbox_filter(CablePayload) == [] and [p for p in netbox_filter(PrefixPayload) if not p.is_pool] == []
    )
    assert {get(InterfacePayload, id=p.ims_id).enabled for p in link.core_link.ports} == {False}
    for node in (rt1, rt2):
        _, node = catalogue.completes("terminate_node", node, confirm)
        assert node.status == "terminated" and get(DevicePayload, id=node.node.ims_id) is None
    assert {kind: objects for kind, objects in inventory().items() if objects} == {}


def test_seed_walk_through_on_the_worker(bootstrapped_netbox, worker_catalogue):
    walk_through(worker_catalogue)
