"""The L2VPN's lifecycle (tests/products/lifecycle.py): VLANs 100-102 over tagged 10G ports on rt1
and rt2: an L2VPN with six terminations, a VLAN group per SAP with its VLANs, the VLANs tagged on
both ports; a new speed and the policer; all undone, the ports untagged."""

from tests.products.lifecycle import Drift, InNetBox, ProductLifecycleCase, a_node, a_port, endpoint

VIDS = [100, 101, 102]


def the_l2vpn(w):
    return {"id": w.subscription.virtual_circuit.ims_id}


def group(index: int):
    return lambda w: {"id": w.subscription.virtual_circuit.saps[index].ims_id}


def group_id(w, index: int) -> int:
    return w.subscription.virtual_circuit.saps[index].ims_id


def vlan_ids(w, index: int) -> list[int]:
    return sorted(vlan.id for vlan in endpoint("ipam.vlans").filter(group_id=group_id(w, index)))


def l2vpn_in_netbox(description: str):
    return [
        InNetBox(
            "vpn.l2vpns",
            the_l2vpn,
            lambda w: {
                "slug": str(w.subscription.pk),
                "type": "mpls-evpn",
                "status": "active",
                "description": description,
            },
        ),
        InNetBox(
            "vpn.l2vpn_terminations",
            lambda w: {"l2vpn_id": w.subscription.virtual_circuit.ims_id},
            {"assigned_object_type": "ipam.vlan"},
            count=6,
        ),
        *(
            InNetBox("ipam.vlan_groups", group(index), {"name": name, "vid_ranges": [[100, 102]]})
            for index, name in ((0, "rt1 ethernet-1/2"), (1, "rt2 ethernet-1/2"))
        ),
        *(
            InNetBox(
                "ipam.vlans",
                lambda w, index=index, vid=vid: {"group_id": group_id(w, index), "vid": vid},
                {"name": f"{name} - {vid}"},
            )
            for index, name in ((0, "rt1 ethernet-1/2"), (1, "rt2 ethernet-1/2"))
            for vid in VIDS
        ),
        *(
            InNetBox(
                "dcim.interfaces",
                lambda w, port=port: {"id": w[port].port.ims_id},
                lambda w, index=index: {"mode": "tagged", "tagged_vlans": vlan_ids(w, index)},
            )
            for index, port in ((0, "rt1 port"), (1, "rt2 port"))
        ),
    ]


class TestL2vpnLifecycle(ProductLifecycleCase):
    product = "l2vpn"
    given = {
        "rt1": a_node("rt1"),
        "rt2": a_node("rt2", "node Nokia", "Nokia 7950 XRS-20", "Paris"),
        "rt1 port": a_port("rt1", "ethernet-1/2"),
        "rt2 port": a_port("rt2", "ethernet-1/2"),
    }
    create_workflow = "create_l2vpn"
    create_pages = [
        {"number_of_ports": 2, "speed": 1000, "speed_policer": False},
        lambda w: {"ports": [str(w["rt1 port"].pk), str(w["rt2 port"].pk)], "vlan": "100-102"},
        {},
    ]
    description = "L2VPN 1000 Mbit/s (rt1-rt2)"
    after_create = l2vpn_in_netbox("L2VPN 1000 Mbit/s (rt1-rt2)")
    modify_workflow = "modify_l2vpn"
    modify_pages = [{"speed": 2000, "speed_policer": True}, {}]
    description_after_modify = "L2VPN 2000 Mbit/s (rt1-rt2) (policer active)"
    after_modify = l2vpn_in_netbox("L2VPN 2000 Mbit/s (rt1-rt2) (policer active)")
    validate_workflow = "validate_l2vpn"
    drift = Drift("vpn.l2vpns", the_l2vpn, {"description": "changed by hand"})
    terminate_workflow = "terminate_l2vpn"
    after_terminate = [
        InNetBox("vpn.l2vpns", the_l2vpn, count=0),
        *(InNetBox("ipam.vlan_groups", group(index), count=0) for index in (0, 1)),
        *(
            InNetBox(
                "dcim.interfaces",
                lambda w, port=port: {"id": w[port].port.ims_id},
                {"enabled": True, "mode": "tagged", "tagged_vlans": []},
            )
            for port in ("rt1 port", "rt2 port")
        ),
    ]
