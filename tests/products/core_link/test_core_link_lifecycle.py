"""The core link's lifecycle (tests/products/lifecycle.py): a 10G link on ethernet-1/1 of rt1 and
rt2: a cable, a /127 with an address per side, both interfaces enabled; maintenance; all undone."""

from tests.products.lifecycle import Drift, InNetBox, ProductLifecycleCase, a_node, endpoint, within

NAME = "core link 10G rt1 ethernet-1/1 <-> ethernet-1/1 rt2"


def cable(w):
    return {"id": w.subscription.core_link.ims_id}


def side(index: int):
    return lambda w: {"id": w.subscription.core_link.ports[index].ims_id}


def address(index: int):
    return lambda w: {"id": w.subscription.core_link.ports[index].ipv6_ipam_id}


def the_127(w) -> str:
    return endpoint("ipam.prefixes").get(w.subscription.core_link.ipv6_prefix_ipam_id).prefix


def link_in_netbox(cable_description: str):
    return [
        InNetBox("dcim.cables", cable,
                 {"type": "smf", "status": "connected", "description": cable_description}),
        InNetBox("ipam.prefixes", lambda w: {"id": w.subscription.core_link.ipv6_prefix_ipam_id},
                 {"prefix": within("fc00:0:0:10::/64", prefixlen=127), "description": NAME}),
        *(InNetBox("dcim.interfaces", side(index), lambda w, index=index, other=other: {
            "name": "ethernet-1/1", "enabled": True, "description": f"core link 10G to {other}",
            "cable": w.subscription.core_link.ims_id})
          for index, other in ((0, "rt2"), (1, "rt1"))),
        *(InNetBox("ipam.ip_addresses", address(index), lambda w, index=index: {
            "address": within(the_127(w), prefixlen=127), "assigned_object_type": "dcim.interface",
            "assigned_object_id": w.subscription.core_link.ports[index].ims_id})
          for index in (0, 1)),
    ]  # fmt: skip


class TestCoreLinkLifecycle(ProductLifecycleCase):
    product = "core link 10G"
    given = {"rt1": a_node("rt1"), "rt2": a_node("rt2", "node Nokia", "Nokia 7950 XRS-20", "Paris")}
    create_workflow = "create_core_link"
    create_pages = [
        lambda w: {"node_a": str(w["rt1"].pk), "node_b": str(w["rt2"].pk)},
        lambda w: {"port_a": w.interface("rt1", "ethernet-1/1"), "port_b": w.interface("rt2", "ethernet-1/1"),
                   "under_maintenance": False},
        {},
    ]
    description = NAME
    after_create = link_in_netbox(NAME)
    modify_workflow = "modify_core_link"
    modify_pages = [{"under_maintenance": True}, {}]
    description_after_modify = f"{NAME} (maintenance)"
    after_modify = link_in_netbox(f"{NAME} (maintenance)")
    validate_workflow = "validate_core_link"
    drift = Drift("dcim.cables", cable, {"description": "changed by hand"})
    terminate_workflow = "terminate_core_link"
    after_terminate = [
        InNetBox("dcim.cables", cable, count=0),
        InNetBox("ipam.prefixes", lambda w: {"id": w.subscription.core_link.ipv6_prefix_ipam_id}, count=0),
        *(InNetBox("ipam.ip_addresses", address(index), count=0) for index in (0, 1)),
        *(InNetBox("dcim.interfaces", side(index), {"enabled": False, "description": "", "cable": None})
          for index in (0, 1)),
    ]  # fmt: skip
