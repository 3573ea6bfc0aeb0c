"""The port's lifecycle (tests/products/lifecycle.py): a tagged 10G port on ethernet-1/2 of rt1;
the interface taken (enabled, tagged, 10 Gbit/s, described), modified, released."""

from tests.products.lifecycle import Drift, InNetBox, ProductLifecycleCase, a_node, port_page


def the_interface(w):
    return {"id": w.subscription.port.ims_id}


def taken(description: str):
    return InNetBox("dcim.interfaces", the_interface, lambda w: {
        "device": w["rt1"].node.ims_id, "name": "ethernet-1/2", "type": "10gbase-x-xfp", "enabled": True,
        "mode": "tagged", "speed": 10_000_000, "tagged_vlans": [], "description": description})  # fmt: skip


class TestPortLifecycle(ProductLifecycleCase):
    product = "port 10G"
    given = {"rt1": a_node("rt1")}
    create_workflow = "create_port"
    create_pages = [lambda w: {"node": str(w["rt1"].pk)}, lambda w: port_page(w["rt1"], "ethernet-1/2"), {}]
    description = "port 10G rt1 ethernet-1/2 customer on ethernet-1/2"
    after_create = [taken("port 10G rt1 ethernet-1/2 customer on ethernet-1/2")]
    modify_workflow = "modify_port"
    modify_pages = [{"port_description": "renamed", "auto_negotiation": True, "lldp": False}, {}]
    description_after_modify = "port 10G rt1 ethernet-1/2 renamed"
    after_modify = [taken("port 10G rt1 ethernet-1/2 renamed")]
    validate_workflow = "validate_port"
    drift = Drift("dcim.interfaces", the_interface, {"description": "changed by hand"})
    terminate_workflow = "terminate_port"
    after_terminate = [InNetBox("dcim.interfaces", the_interface, {
        "name": "ethernet-1/2", "enabled": False, "description": "", "mode": None, "tagged_vlans": []})]
