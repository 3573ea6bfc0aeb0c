"""A port in NetBox: an existing interface of its node, described, enabled and tagged."""

from __future__ import annotations

from netbox_integration.operations import filter as netbox_filter
from netbox_integration.operations import get
from netbox_integration.payloads import InterfacePayload, VLANPayload
from products.product_blocks.port import PortBlock, PortMode
from products.product_blocks.sap import SapBlock
from products.product_types.port import Port
from products.services.description import description
from products.services.netbox.diff import payload_differences
from products.services.netbox.interfaces import kbits


def tagged_vlan_ids(port: PortBlock, exclude_subscription_id=None) -> list[int]:
    """NetBox ids of the VLANs of every live SAP on the port (provisioning ones included, so a
    new L2VPN's VLANs are tagged at once), except those of `exclude_subscription_id`."""
    saps = SapBlock.objects.filter(port=port).exclude(subscription__status="terminated").exclude(ims_id=None)
    if exclude_subscription_id is not None:
        saps = saps.exclude(subscription_id=exclude_subscription_id)
    ids: list[int] = []
    for group_id in saps.values_list("ims_id", flat=True):
        ids += [vlan.netbox_id() for vlan in netbox_filter(VLANPayload, group_id=group_id)]
    return sorted(ids)


def port_interface_payload(port: Port, exclude_subscription_id=None) -> InterfacePayload:
    """The interface as the port wants it: described, enabled, in its mode, tagged with its SAPs' VLANs."""
    block = port.port
    tagged = block.port_mode == PortMode.TAGGED
    return InterfacePayload(
        id=block.ims_id,
        device=block.node.ims_id,
        name=block.port_name,
        type=block.port_type,
        enabled=bool(block.enabled),
        description=description(port) if block.enabled else "",
        mode="tagged" if tagged else None,
        speed=kbits(port.product.fixed_input("speed")),
        tagged_vlans=tagged_vlan_ids(block, exclude_subscription_id) if tagged else [],
        subscription_id=str(block.node.subscription_id),  # the interface belongs to the node's device
    )


def released_port_interface_payload(port: Port) -> InterfacePayload:
    """The interface given back to the node: no description, disabled, untagged."""
    block = port.port
    return InterfacePayload(
        id=block.ims_id,
        device=block.node.ims_id,
        name=block.port_name,
        type=block.port_type,
        enabled=False,
        description="",
        mode=None,
        speed=kbits(port.product.fixed_input("speed")),
        tagged_vlans=[],
        subscription_id=str(block.node.subscription_id),
    )


def port_differences(port: Port) -> list[str]:
    block = port.port
    subject = f"interface {block.port_name} of {block.node.node_name}"
    return payload_differences(port_interface_payload(port), get(InterfacePayload, id=block.ims_id), subject)
