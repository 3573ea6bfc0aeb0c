"""The node's lifecycle (tests/products/lifecycle.py): a Cisco node rt9 in Amsterdam, moved to
London as a Cisco ASR 903; its device, Loopback0 and both loopback addresses in NetBox."""

from tests.products.lifecycle import (
    Drift,
    InNetBox,
    ProductLifecycleCase,
    device_type,
    node_page,
    role,
    site,
    within,
)


def modify_page(w):
    page = node_page("rt9", "Cisco ASR 903", "London")
    del page["auto_add_interfaces"]  # a create-only choice
    return {**page, "node_description": "moved"}


def device(w):
    return {"id": w.subscription.node.ims_id}


def loopback(w):
    return {"device_id": w.subscription.node.ims_id, "name": "Loopback0"}


def node_in_netbox(model: str, site_name: str, description: str):
    return [
        InNetBox("dcim.devices", device, lambda w: {
            "name": "rt9", "status": "active", "site": site(site_name), "role": role("Provider"),
            "device_type": device_type(model), "description": description,
            "primary_ip4": w.subscription.node.ipv4_ipam_id,
            "primary_ip6": w.subscription.node.ipv6_ipam_id}),
        InNetBox("dcim.interfaces", loopback, {"type": "virtual", "enabled": True}),
        InNetBox("ipam.ip_addresses", lambda w: {"id": w.subscription.node.ipv4_ipam_id}, lambda w: {
            "address": within("10.0.127.0/24"), "description": "IPv4 loopback rt9",
            "assigned_object_type": "dcim.interface",
            "assigned_object_id": interface_id(w)}),
        InNetBox("ipam.ip_addresses", lambda w: {"id": w.subscription.node.ipv6_ipam_id}, lambda w: {
            "address": within("fc00:0:0:127::/64"), "description": "IPv6 loopback rt9",
            "assigned_object_id": interface_id(w)}),
    ]  # fmt: skip


def interface_id(w) -> int:
    return w.interface(w.subscription, "Loopback0")


class TestNodeLifecycle(ProductLifecycleCase):
    product = "node Cisco"
    create_workflow = "create_node"
    create_pages = [lambda w: node_page("rt9", "Cisco 8812", "Amsterdam"), {}]
    description = "node rt9 (active)"
    after_create = node_in_netbox("Cisco 8812", "Amsterdam", "rt9 core")
    modify_workflow = "modify_node"
    modify_pages = [modify_page, {}]
    description_after_modify = "node rt9 (active)"
    after_modify = node_in_netbox("Cisco ASR 903", "London", "moved")
    validate_workflow = "validate_node"
    drift = Drift("dcim.devices", device, {"description": "changed by hand"})
    terminate_workflow = "terminate_node"
    after_terminate = [
        InNetBox("dcim.devices", device, count=0),
        InNetBox("ipam.ip_addresses", lambda w: {"id": w.subscription.node.ipv4_ipam_id}, count=0),
        InNetBox("ipam.ip_addresses", lambda w: {"id": w.subscription.node.ipv6_ipam_id}, count=0),
    ]
