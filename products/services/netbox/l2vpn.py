"""An L2VPN in NetBox: a VLAN group with its VLANs per SAP, the L2VPN, a termination per VLAN,
and the VLANs tagged on the SAPs' ports."""

from __future__ import annotations

from netbox_integration.operations import filter as netbox_filter
from netbox_integration.operations import get
from netbox_integration.payloads import (
    InterfacePayload,
    L2VPNPayload,
    L2VPNTerminationPayload,
    VLANGroupPayload,
    VLANPayload,
)
from products.product_blocks.sap import SapBlock
from products.product_types.l2vpn import L2vpn
from products.services.description import description
from products.services.netbox.diff import payload_differences
from products.vlan_ranges import parse_vlan_ranges, to_ranges


def sap_name(sap: SapBlock) -> str:
    """`rt1 ethernet-1/3`: the VLAN group's name, and the start of each VLAN's."""
    port = sap.port
    node = port.node if port is not None else None
    if port is None or node is None:  # both required from provisioning on, before NetBox is written
        raise ValueError(f"{sap.title}: no port on a node yet, so no NetBox name")
    return f"{node.node_name} {port.port_name}"


def vlan_group_payload(l2vpn: L2vpn, sap: SapBlock) -> VLANGroupPayload:
    return VLANGroupPayload(
        id=sap.ims_id,
        name=sap_name(sap),
        vid_ranges=to_ranges(parse_vlan_ranges(sap.vlan)),
        description=f"SAP of L2VPN {str(l2vpn.pk)[:8]}",
        subscription_id=str(l2vpn.pk),
    )


def vlan_payloads(l2vpn: L2vpn, sap: SapBlock, group_id: int) -> list[VLANPayload]:
    return [
        VLANPayload(vid=vid, name=f"{sap_name(sap)} - {vid}", group=group_id, subscription_id=str(l2vpn.pk))
        for vid in parse_vlan_ranges(sap.vlan)
    ]


def l2vpn_payload(l2vpn: L2vpn) -> L2VPNPayload:
    """Name starts with the first 8 characters of the subscription id; the slug is the id."""
    text = description(l2vpn)
    return L2VPNPayload(
        id=l2vpn.virtual_circuit.ims_id,
        name=f"{str(l2vpn.pk)[:8]} {text}"[:100],
        slug=str(l2vpn.pk),
        type="mpls-evpn",
        status="active",
        description=text[:200],
        subscription_id=str(l2vpn.pk),
    )


def termination_payload(l2vpn_id: int, vlan_id: int, subscription_id: str) -> L2VPNTerminationPayload:
    return L2VPNTerminationPayload(
        l2vpn=l2vpn_id,
        assigned_object_type="ipam.vlan",
        assigned_object_id=vlan_id,
        subscription_id=subscription_id,
    )


def l2vpn_differences(l2vpn: L2vpn) -> list[str]:
    circuit = l2vpn.virtual_circuit
    name = f"L2VPN {str(l2vpn.pk)[:8]}"
    found = payload_differences(
        l2vpn_payload(l2vpn),
        get(L2VPNPayload, id=circuit.ims_id) if circuit.ims_id else None,
        f"{name} (id {circuit.ims_id})",
    )
    expected_terminations: set[int] = set()
    for sap in circuit.saps:
        group_subject = f"VLAN group {sap_name(sap)!r} (id {sap.ims_id})"
        group = get(VLANGroupPayload, id=sap.ims_id) if sap.ims_id else None
        found += payload_differences(vlan_group_payload(l2vpn, sap), group, group_subject)
        if group is None:
            continue
        in_netbox = netbox_filter(VLANPayload, group_id=group.id)
        vlan_ids = {vlan.netbox_id() for vlan in in_netbox}
        vlans = {vlan.vid: vlan for vlan in in_netbox}
        for wanted in vlan_payloads(l2vpn, sap, group.netbox_id()):
            found += payload_differences(
                wanted, vlans.pop(wanted.vid, None), f"VLAN {wanted.vid} in {group_subject}"
            )
        found += [
            f"{group_subject}: VLAN {vid} is in NetBox but not in the subscription" for vid in sorted(vlans)
        ]
        expected_terminations |= vlan_ids
        interface = get(InterfacePayload, id=sap.port.ims_id)
        port_subject = f"interface {sap.port.port_name} of {sap.port.node.node_name}"
        if interface is None:
            found.append(f"{port_subject}: missing in NetBox")
        else:
            untagged = sorted(vlan.vid for vlan in in_netbox if vlan.id not in interface.tagged_vlans)
            if untagged:
                found.append(f"{port_subject}: VLANs {untagged} of {group_subject} are not tagged on it")
    if circuit.ims_id:
        terminations = {
            t.assigned_object_id for t in netbox_filter(L2VPNTerminationPayload, l2vpn_id=circuit.ims_id)
        }
        if terminations != expected_terminations:
            found.append(
                f"terminations of {name}: NetBox terminates VLAN ids {sorted(terminations)}, "
                f"expected {sorted(expected_terminations)} (every VLAN of every SAP)"
            )
    return found
