"""A node in NetBox: its device, the Loopback0 interface and the two loopback addresses."""

from __future__ import annotations

from netbox_integration.operations import get
from netbox_integration.payloads import DevicePayload, InterfacePayload, IPAddressPayload
from products.product_types.node import Node
from products.services.netbox.diff import differences, payload_differences
from products.services.netbox.interfaces import LOOPBACK_INTERFACE


def device_payload(node: Node) -> DevicePayload:
    block = node.node
    return DevicePayload(
        id=block.ims_id,
        name=block.node_name,
        site=block.site_id,
        device_type=block.type_id,
        role=block.role_id,
        status=block.node_status,
        description=block.node_description,
        primary_ip4=block.ipv4_ipam_id,
        primary_ip6=block.ipv6_ipam_id,
        subscription_id=str(node.pk),
    )


def loopback_interface_payload(node: Node) -> InterfacePayload:
    return InterfacePayload(
        device=node.node.ims_id,
        name=LOOPBACK_INTERFACE,
        type="virtual",
        enabled=True,
        subscription_id=str(node.pk),
    )


def loopback_address_description(node: Node, version: int) -> str:
    return f"IPv{version} loopback {node.node.node_name}"


def node_differences(node: Node) -> list[str]:
    """What NetBox holds of the node that differs from the subscription (empty: in sync)."""
    block = node.node
    subject = f"device {block.node_name!r}"
    found = payload_differences(device_payload(node), get(DevicePayload, id=block.ims_id), subject)
    loopback = (
        get(InterfacePayload, device_id=block.ims_id, name=LOOPBACK_INTERFACE) if block.ims_id else None
    )
    if loopback is None:
        found.append(f"interface {LOOPBACK_INTERFACE} of {block.node_name}: missing in NetBox")
    for version, address_id in ((4, block.ipv4_ipam_id), (6, block.ipv6_ipam_id)):
        expected = {
            "description": loopback_address_description(node, version),
            "assigned_object_type": "dcim.interface",
            "assigned_object_id": loopback.id if loopback else None,
            "status": "active",
        }
        found += differences(
            f"IPv{version} loopback address of {block.node_name} (id {address_id})",
            expected,
            get(IPAddressPayload, id=address_id) if address_id else None,
        )
    return found
