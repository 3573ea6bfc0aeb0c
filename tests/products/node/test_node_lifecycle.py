"""The node's lifecycle (tests/products/lifecycle.py), for every vendor: node rt9 in Amsterdam,
moved to London (on another device type of the vendor where it has one); its device, Loopback0
and both loopback addresses in NetBox."""

from typing import ClassVar

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


def device(w):
    return {"id": w.subscription.node.ims_id}


def loopback_id(w) -> int:
    return w.interface(w.subscription, "Loopback0")


def loopback_address(field: str, pool: str, description: str) -> InNetBox:
    return InNetBox(
        "ipam.ip_addresses",
        lambda w: {"id": getattr(w.subscription.node, field)},
        lambda w: {
            "address": within(pool, not_the_network_address=True),
            "description": description,
            "assigned_object_type": "dcim.interface",
            "assigned_object_id": loopback_id(w),
        },
    )


def node_in_netbox(model: str, site_name: str, description: str) -> list[InNetBox]:
    return [
        InNetBox(
            "dcim.devices",
            device,
            lambda w: {
                "name": "rt9",
                "status": "active",
                "site": site(site_name),
                "role": role("Provider"),
                "device_type": device_type(model),
                "description": description,
                "primary_ip4": w.subscription.node.ipv4_ipam_id,
                "primary_ip6": w.subscription.node.ipv6_ipam_id,
            },
        ),
        InNetBox(
            "dcim.interfaces",
            lambda w: {"device_id": w.subscription.node.ims_id, "name": "Loopback0"},
            {"type": "virtual", "enabled": True},
        ),
        loopback_address("ipv4_ipam_id", "10.0.127.0/24", "IPv4 loopback rt9"),
        loopback_address("ipv6_ipam_id", "fc00:0:0:127::/64", "IPv6 loopback rt9"),
    ]


class NodeLifecycleCase(ProductLifecycleCase):
    """A node variant is its product, its device type, and the type the modify moves it to."""

    model: ClassVar[str]
    modify_model: ClassVar[str]

    create_workflow = "create_node"
    description = "node rt9 (active)"
    modify_workflow = "modify_node"
    description_after_modify = "node rt9 (active)"
    validate_workflow = "validate_node"
    drift = Drift("dcim.devices", device, {"description": "changed by hand"})
    terminate_workflow = "terminate_node"
    after_terminate = [
        InNetBox("dcim.devices", device, count=0),
        InNetBox("ipam.ip_addresses", lambda w: {"id": w.subscription.node.ipv4_ipam_id}, count=0),
        InNetBox("ipam.ip_addresses", lambda w: {"id": w.subscription.node.ipv6_ipam_id}, count=0),
    ]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        model, modify_model = cls.model, cls.modify_model
        cls.create_pages = [lambda w: node_page("rt9", model, "Amsterdam"), {}]
        cls.after_create = node_in_netbox(model, "Amsterdam", "rt9 core")
        cls.modify_pages = [lambda w: modify_page(modify_model), {}]
        cls.after_modify = node_in_netbox(modify_model, "London", "moved")


def modify_page(model: str) -> dict:
    page = node_page("rt9", model, "London")
    del page["auto_add_interfaces"]  # a create-only choice
    return {**page, "node_description": "moved"}


class TestNodeCiscoLifecycle(NodeLifecycleCase):
    product, model, modify_model = "node Cisco", "Cisco 8812", "Cisco ASR 903"


class TestNodeNokiaLifecycle(NodeLifecycleCase):
    product, model, modify_model = "node Nokia", "Nokia 7950 XRS-20", "Nokia 7210 SAS-R6"


class TestNodeCumulusLifecycle(NodeLifecycleCase):
    product, model, modify_model = "node Cumulus", "Cumulus cVX VM", "Cumulus cVX VM"


class TestNodeFrrLifecycle(NodeLifecycleCase):
    product, model, modify_model = "node FRR", "FRR VM", "FRR VM"
