"""Choices for the catalogue's form pages, computed when a page is built: from NetBox (sites,
roles, device types, free interfaces) and from subscriptions (active nodes, tagged ports)."""

from __future__ import annotations

from netbox_integration.operations import filter as netbox_filter
from netbox_integration.operations import get
from netbox_integration.payloads import DeviceRolePayload, DeviceTypePayload, ManufacturerPayload, SitePayload
from products.product_blocks.port import PortBlock, PortMode
from products.product_types.node import Node
from products.product_types.port import Port
from products.services.netbox.interfaces import free_interfaces

Choices = list[tuple[str, str]]


def site_choices() -> Choices:
    return [(str(site.id), site.name) for site in netbox_filter(SitePayload, status="active")]


def device_role_choices() -> Choices:
    return [(str(role.id), role.name) for role in netbox_filter(DeviceRolePayload)]


def device_type_choices(manufacturer_name: str) -> Choices:
    """The device types of one manufacturer (the node product's node_type)."""
    manufacturer = get(ManufacturerPayload, name=manufacturer_name)
    if manufacturer is None:
        return []
    return [(str(t.id), t.model) for t in netbox_filter(DeviceTypePayload, manufacturer_id=manufacturer.id)]


def active_node_choices() -> Choices:
    nodes = Node.objects.filter(status="active", product__product_type="Node").order_by("description")
    return [(str(node.pk), node.description) for node in nodes]


def active_tagged_port_choices() -> Choices:
    tagged = PortBlock.objects.filter(port_mode=PortMode.TAGGED, subscription__status="active")
    ports = Port.objects.filter(pk__in=tagged.values("subscription_id")).order_by("description")
    return [(str(port.pk), port.description) for port in ports]


def free_interface_choices(node_subscription_id: str, speed_mbits: int) -> Choices:
    """Interfaces on the node's device a port or core link may take: disabled, of the speed, unused."""
    from subscriptions.tree import load_subscription

    node = load_subscription(node_subscription_id, as_type=Node)
    return [(str(i.id), f"{i.name} ({i.type})") for i in free_interfaces(node.node.ims_id, speed_mbits)]


def label_of(choices: Choices, value) -> str:
    """The label a choice was shown with (for summary pages)."""
    return dict(choices).get(str(value), str(value))
