"""The port's lifecycle (tests/products/lifecycle.py), 10G and 100G: a tagged port on rt1, on an
interface of the product's speed: the interface taken (enabled, tagged, its speed, described),
modified, and given back (disabled, no description, untagged)."""

from typing import ClassVar

from tests.products.lifecycle import Drift, InNetBox, ProductLifecycleCase, a_node, port_page


def the_interface(w):
    return {"id": w.subscription.port.ims_id}


def taken(interface_name: str, interface_type: str, speed: int, description: str) -> InNetBox:
    return InNetBox(
        "dcim.interfaces",
        the_interface,
        lambda w: {
            "device": w["rt1"].node.ims_id,
            "name": interface_name,
            "type": interface_type,
            "enabled": True,
            "mode": "tagged",
            "speed": speed,
            "tagged_vlans": [],
            "description": description,
        },
    )


class PortLifecycleCase(ProductLifecycleCase):
    """A port variant is its product and an interface of its speed on rt1."""

    interface_name: ClassVar[str]
    interface_type: ClassVar[str]
    speed: ClassVar[int]  # kbit/s, as NetBox has it

    given = {"rt1": a_node("rt1")}
    create_workflow = "create_port"
    modify_workflow = "modify_port"
    modify_pages = [{"port_description": "renamed", "auto_negotiation": True, "lldp": False}, {}]
    validate_workflow = "validate_port"
    drift = Drift("dcim.interfaces", the_interface, {"description": "changed by hand"})
    terminate_workflow = "terminate_port"
    after_terminate = [
        InNetBox(
            "dcim.interfaces",
            the_interface,
            {"enabled": False, "description": "", "mode": None, "tagged_vlans": []},
        )
    ]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        name, kind, speed = cls.interface_name, cls.interface_type, cls.speed
        prefix = f"{cls.product} rt1 {name}"
        cls.create_pages = [lambda w: {"node": str(w["rt1"].pk)}, lambda w: port_page(w["rt1"], name), {}]
        cls.description = f"{prefix} customer on {name}"
        cls.after_create = [taken(name, kind, speed, f"{prefix} customer on {name}")]
        cls.description_after_modify = f"{prefix} renamed"
        cls.after_modify = [taken(name, kind, speed, f"{prefix} renamed")]


class TestPort10GLifecycle(PortLifecycleCase):
    product, interface_name, interface_type = "port 10G", "ethernet-1/2", "10gbase-x-xfp"
    speed = 10_000_000


class TestPort100GLifecycle(PortLifecycleCase):
    product, interface_name, interface_type = "port 100G", "ethernet-1/12", "100gbase-x-cfp"
    speed = 100_000_000
