"""A core link in NetBox: a cable between two interfaces, a /127 and an address on each side."""

from __future__ import annotations

import ipaddress

from netbox_integration.operations import get
from netbox_integration.payloads import (
    AvailableIPPayload,
    AvailablePrefixPayload,
    CablePayload,
    DevicePayload,
    InterfacePayload,
    IPAddressPayload,
    PrefixPayload,
)
from products.product_blocks.core_port import CorePortBlock
from products.product_blocks.node import NodeBlock
from products.product_types.core_link import CoreLink
from products.services.description import description
from products.services.netbox.diff import differences, payload_differences
from products.services.netbox.interfaces import kbits
from products.services.netbox.prefixes import IPV6_CORE_LINK, pool_prefix_id

CORE_LINK_PREFIX_LENGTH = 127


def core_link_prefix_payload(core_link: CoreLink) -> AvailablePrefixPayload:
    """A /127 from the IPv6 core-link pool, named after the link (stable across maintenance)."""
    return AvailablePrefixPayload(
        parent=pool_prefix_id(IPV6_CORE_LINK),
        prefix_length=CORE_LINK_PREFIX_LENGTH,
        description=core_link.link_name(),
        subscription_id=str(core_link.pk),
    )


def core_port_address_payload(
    core_link: CoreLink, core_port: CorePortBlock, prefix_id: int
) -> AvailableIPPayload:
    return AvailableIPPayload(
        parent=prefix_id,
        description=description(core_port),
        assigned_object_type="dcim.interface",
        assigned_object_id=core_port.ims_id,
        subscription_id=str(core_link.pk),
    )


def cable_payload(core_link: CoreLink) -> CablePayload:
    a, b = core_link.core_link.ports
    return CablePayload(
        id=core_link.core_link.ims_id,
        a_interface=a.ims_id,
        b_interface=b.ims_id,
        type="smf",
        status="connected",
        description=description(core_link)[:200],
        subscription_id=str(core_link.pk),
    )


def other_port(core_link: CoreLink, core_port: CorePortBlock) -> CorePortBlock:
    a, b = core_link.core_link.ports
    return b if core_port is a else a


def node_of(core_port: CorePortBlock) -> NodeBlock:
    """The node the core port is on (required from provisioning on, before NetBox is written)."""
    node = core_port.node
    if node is None:
        raise ValueError(f"{core_port.title}: no node yet, so no NetBox interface")
    return node


def interface_description(core_link: CoreLink, core_port: CorePortBlock) -> str:
    """`core link 10G to rt2`: what the interface says about where it goes."""
    return f"{core_link.product.name} to {node_of(other_port(core_link, core_port)).node_name}"


def core_port_interface_fields(core_link: CoreLink, core_port: CorePortBlock) -> dict:
    """The interface fields the subscription decides (its type stays what NetBox says it is)."""
    return {
        "device": node_of(core_port).ims_id,
        "name": core_port.port_name,
        "speed": kbits(core_link.product.fixed_input("speed")),
        "description": interface_description(core_link, core_port) if core_port.enabled else "",
        "enabled": core_port.enabled,
        "mode": None,
        "tagged_vlans": [],
    }


def core_port_differences(
    core_link: CoreLink, core_port: CorePortBlock, prefix: PrefixPayload | None
) -> list[str]:
    node = node_of(core_port).node_name
    subject = f"interface {core_port.port_name} of {node}"
    found = differences(
        subject,
        core_port_interface_fields(core_link, core_port),
        get(InterfacePayload, id=core_port.ims_id) if core_port.ims_id else None,
    )
    address = get(IPAddressPayload, id=core_port.ipv6_ipam_id) if core_port.ipv6_ipam_id else None
    address_subject = f"IPv6 address of {core_port.port_name} on {node} (id {core_port.ipv6_ipam_id})"
    found += differences(
        address_subject,
        {
            "description": description(core_port),
            "assigned_object_type": "dcim.interface",
            "assigned_object_id": core_port.ims_id,
            "subscription_id": str(core_link.pk),
        },
        address,
    )
    if address is not None and prefix is not None:
        # The subscription keeps the address's id, not the address: it must be one of the /127's
        # two, with the /127's length (an address widened to /64 is still "in" the prefix).
        interface = ipaddress.ip_interface(address.address)
        network = ipaddress.ip_network(prefix.prefix)
        if interface.ip not in network or interface.network.prefixlen != network.prefixlen:
            # A /127 has two: name them (a prefix that is not a /127 is reported on its own).
            two = network.num_addresses <= 2
            both = f" ({', '.join(f'{ip}/{network.prefixlen}' for ip in network)})" if two else ""
            found.append(
                f"{address_subject}: address is {address.address!r} in NetBox, expected one of the "
                f"link's prefix {prefix.prefix}{both}"
            )
    return found


def interface_name(interface_id: int) -> str:
    """`ethernet-1/1 of rt2`: what a cable end is, for a person reading a difference."""
    interface = get(InterfacePayload, id=interface_id)
    if interface is None:
        return "no such interface"
    device = get(DevicePayload, id=interface.device)
    return f"{interface.name} of {device.name if device is not None else f'device {interface.device}'}"


def core_link_differences(core_link: CoreLink) -> list[str]:
    block = core_link.core_link
    name = f"core link {core_link.link_name()!r}"
    cable = get(CablePayload, id=block.ims_id) if block.ims_id else None
    found = payload_differences(
        cable_payload(core_link),
        cable,
        f"cable of {name} (id {block.ims_id})",
        explain={"a_interface": interface_name, "b_interface": interface_name},
    )
    prefix = get(PrefixPayload, id=block.ipv6_prefix_ipam_id) if block.ipv6_prefix_ipam_id else None
    found += differences(
        f"/127 prefix of {name} (id {block.ipv6_prefix_ipam_id})",
        {
            "description": core_link.link_name(),
            "status": "active",
            "subscription_id": str(core_link.pk),
        },
        prefix,
    )
    if prefix is not None and not prefix.prefix.endswith(f"/{CORE_LINK_PREFIX_LENGTH}"):
        found.append(f"/127 prefix of {name}: NetBox holds {prefix.prefix}")
    for core_port in block.ports:
        found += core_port_differences(core_link, core_port, prefix)
    return found
