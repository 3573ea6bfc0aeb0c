"""Interfaces of a node: the discovered list, which ones are free, which ones subscriptions use."""

from __future__ import annotations

from netbox_integration.operations import filter as netbox_filter
from netbox_integration.operations import get
from netbox_integration.payloads import InterfacePayload
from products.product_blocks.core_port import CorePortBlock
from products.product_blocks.port import PortBlock

LOOPBACK_INTERFACE = "Loopback0"

# What "discovery" finds on every node (a stand-in for SNMP/NETCONF/gNMI): name → (type, Mbit/s).
DISCOVERED_INTERFACES = {
    **{f"ethernet-1/{n}": ("10gbase-x-xfp", 10000) for n in range(1, 11)},
    **{f"ethernet-1/{n}": ("100gbase-x-cfp", 100000) for n in range(11, 15)},
}


def kbits(mbits: int | str) -> int:
    """NetBox counts interface speed in kbit/s, the catalogue in Mbit/s."""
    return int(mbits) * 1000


def discovered_interface_payloads(device_id: int, node_subscription_id: str) -> list[InterfacePayload]:
    return [
        InterfacePayload(
            device=device_id,
            name=name,
            type=kind,
            speed=kbits(mbits),
            enabled=False,
            subscription_id=node_subscription_id,
        )
        for name, (kind, mbits) in DISCOVERED_INTERFACES.items()
    ]


def interfaces_used_by_subscriptions(device_id: int | None = None) -> set[int]:
    """NetBox interface ids that live Port and CorePort blocks hold (on one device, or anywhere)."""
    used: set[int] = set()
    for model in (PortBlock, CorePortBlock):
        blocks = model.objects.exclude(subscription__status="terminated").exclude(ims_id=None)
        if device_id is not None:
            blocks = blocks.filter(node__ims_id=device_id)
        used.update(ims_id for ims_id in blocks.values_list("ims_id", flat=True) if ims_id is not None)
    return used


def free_interfaces(device_id: int, speed_mbits: int) -> list[InterfacePayload]:
    """Interfaces of the device a new port or core link may take: disabled, of this speed, unused."""
    used = interfaces_used_by_subscriptions(device_id)
    candidates = netbox_filter(InterfacePayload, device_id=device_id, enabled=False, speed=kbits(speed_mbits))
    return sorted((i for i in candidates if i.id not in used), key=lambda i: _natural(i.name))


def _natural(name: str):
    """ethernet-1/2 before ethernet-1/10."""
    import re

    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def interface_to_take(node, interface_id: int) -> InterfacePayload:
    """The interface a new port or core port takes on `node` (a NodeBlock): it must be on the
    node's device and not in use by a live subscription (checked again at construction: another
    process may have taken it since the form was filled)."""
    interface = get(InterfacePayload, id=interface_id)
    if interface is None or interface.device != node.ims_id:
        raise ValueError(f"NetBox has no interface {interface_id} on {node.node_name}")
    if interface_id in interfaces_used_by_subscriptions():
        raise ValueError(f"Interface {interface.name} of {node.node_name} is already in use")
    return interface
