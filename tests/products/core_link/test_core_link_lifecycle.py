"""The core link's lifecycle (tests/products/lifecycle.py), 10G and 100G: a link between rt1 and
rt2 on an interface of the product's speed on each: a cable, a /127 with an address per side,
both interfaces enabled; under maintenance; all undone, the interfaces given back."""

from typing import ClassVar

from tests.products.lifecycle import Drift, InNetBox, ProductLifecycleCase, a_node, endpoint, within


def cable(w):
    return {"id": w.subscription.core_link.ims_id}


def the_prefix(w):
    return {"id": w.subscription.core_link.ipv6_prefix_ipam_id}


def side(index: int):
    return lambda w: {"id": w.subscription.core_link.ports[index].ims_id}


def address(index: int):
    return lambda w: {"id": w.subscription.core_link.ports[index].ipv6_ipam_id}


def the_127(w) -> str:
    return endpoint("ipam.prefixes").get(w.subscription.core_link.ipv6_prefix_ipam_id).prefix


def link_in_netbox(product: str, interface_name: str, speed: int, name: str, cable_description: str):
    return [
        InNetBox(
            "dcim.cables", cable, {"type": "smf", "status": "connected", "description": cable_description}
        ),
        InNetBox(
            "ipam.prefixes",
            the_prefix,
            {"prefix": within("fc00:0:0:10::/64", prefixlen=127), "description": name},
        ),
        *(
            InNetBox(
                "dcim.interfaces",
                side(index),
                lambda w, index=index, other=other: {
                    "name": interface_name,
                    "enabled": True,
                    "speed": speed,
                    "description": f"{product} to {other}",
                    "cable": w.subscription.core_link.ims_id,
                },
            )
            for index, other in ((0, "rt2"), (1, "rt1"))
        ),
        *(
            InNetBox(
                "ipam.ip_addresses",
                address(index),
                lambda w, index=index: {
                    "address": within(the_127(w), prefixlen=127),
                    "assigned_object_type": "dcim.interface",
                    "assigned_object_id": w.subscription.core_link.ports[index].ims_id,
                },
            )
            for index in (0, 1)
        ),
    ]


class CoreLinkLifecycleCase(ProductLifecycleCase):
    """A core link variant is its product and the interface (of its speed) used on both nodes."""

    interface_name: ClassVar[str]
    speed: ClassVar[int]  # kbit/s, as NetBox has it

    given = {"rt1": a_node("rt1"), "rt2": a_node("rt2", "node Nokia", "Nokia 7950 XRS-20", "Paris")}
    create_workflow = "create_core_link"
    modify_workflow = "modify_core_link"
    modify_pages = [{"under_maintenance": True}, {}]
    validate_workflow = "validate_core_link"
    drift = Drift("dcim.cables", cable, {"description": "changed by hand"})
    terminate_workflow = "terminate_core_link"
    after_terminate = [
        InNetBox("dcim.cables", cable, count=0),
        InNetBox("ipam.prefixes", the_prefix, count=0),
        *(InNetBox("ipam.ip_addresses", address(index), count=0) for index in (0, 1)),
        *(
            InNetBox("dcim.interfaces", side(index), {"enabled": False, "description": "", "cable": None})
            for index in (0, 1)
        ),
    ]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        product, interface_name, speed = cls.product, cls.interface_name, cls.speed
        name = f"{product} rt1 {interface_name} <-> {interface_name} rt2"
        cls.create_pages = [
            lambda w: {"node_a": str(w["rt1"].pk), "node_b": str(w["rt2"].pk)},
            lambda w: {
                "port_a": w.interface("rt1", interface_name),
                "port_b": w.interface("rt2", interface_name),
                "under_maintenance": False,
            },
            {},
        ]
        cls.description = name
        cls.after_create = link_in_netbox(product, interface_name, speed, name, name)
        cls.description_after_modify = f"{name} (maintenance)"
        cls.after_modify = link_in_netbox(product, interface_name, speed, name, f"{name} (maintenance)")


class TestCoreLink10GLifecycle(CoreLinkLifecycleCase):
    product, interface_name, speed = "core link 10G", "ethernet-1/1", 10_000_000


class TestCoreLink100GLifecycle(CoreLinkLifecycleCase):
    product, interface_name, speed = "core link 100G", "ethernet-1/11", 100_000_000
