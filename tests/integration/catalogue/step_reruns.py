"""Every NetBox-touching step of the catalogue runs again without making anything twice.

A step's database changes roll back when it crashes, its NetBox calls do not: so each step is
run again here as it would be after a crash — on the subscription as it was before the step
(the ids the step records cleared) — and must find and record the very objects the first run
made, leaving NetBox exactly as it was. Terminate steps run again after their workflow and
find nothing left to do. Run by test_refusals.py on its network."""

from subscriptions.tree import load_subscription
from tests.integration.catalogue.catalogue import inventory
from workflows.core_link import create_core_link, terminate_core_link
from workflows.l2vpn import create_l2vpn, terminate_l2vpn
from workflows.node import create_node, terminate_node
from workflows.node import shared as node_shared
from workflows.port import shared as port_shared
from workflows.port import terminate_port


def rerun_as_after_a_crash(step, subscription_id, forget, recorded):
    """Run `step` on the subscription with `forget(subscription)` undone; `recorded(subscription)`
    must come out as the first run left it, and NetBox must not change."""
    before = inventory()
    expected = recorded(load_subscription(subscription_id))
    subscription = load_subscription(subscription_id)
    forget(subscription)
    result = step(subscription=subscription) or {}
    rerun = result.get("subscription", subscription)
    assert recorded(rerun) == expected, step.name
    assert inventory() == before, f"{step.name} changed NetBox when run again"


def every_netbox_step_converges_when_run_again(network, inline_catalogue):
    rt1, rt2, ports, link, l2vpn = (network[k] for k in ("rt1", "rt2", "tagged", "link", "l2vpn"))

    def clear(*names):
        def clear_block(block):
            for name in names:
                setattr(block, name, None)

        return clear_block

    node = lambda s: s.node  # noqa: E731
    rerun_as_after_a_crash(
        create_node.create_device_in_ims, rt1.pk, lambda s: clear("ims_id")(node(s)), lambda s: s.node.ims_id
    )
    rerun_as_after_a_crash(
        create_node.reserve_loopback_addresses,
        rt1.pk,
        lambda s: clear("ipv4_ipam_id", "ipv6_ipam_id")(node(s)),
        lambda s: (s.node.ipv4_ipam_id, s.node.ipv6_ipam_id),
    )
    rerun_as_after_a_crash(node_shared.update_device_in_ims, rt1.pk, lambda s: None, lambda s: s.node.ims_id)
    rerun_as_after_a_crash(
        node_shared.update_node_interfaces_in_ims, rt2.pk, lambda s: None, lambda s: s.node.ims_id
    )
    rerun_as_after_a_crash(
        port_shared.update_port_interface_in_ims, ports[0].pk, lambda s: None, lambda s: s.port.ims_id
    )

    rerun_as_after_a_crash(
        create_core_link.allocate_core_link_prefix,
        link.pk,
        lambda s: clear("ipv6_prefix_ipam_id")(s.core_link),
        lambda s: s.core_link.ipv6_prefix_ipam_id,
    )
    rerun_as_after_a_crash(
        create_core_link.assign_core_port_addresses,
        link.pk,
        lambda s: [clear("ipv6_ipam_id")(p) for p in s.core_link.ports],
        lambda s: [p.ipv6_ipam_id for p in s.core_link.ports],
    )
    rerun_as_after_a_crash(
        create_core_link.connect_interfaces_with_cable,
        link.pk,
        lambda s: clear("ims_id")(s.core_link),
        lambda s: s.core_link.ims_id,
    )
    rerun_as_after_a_crash(
        create_core_link.enable_core_port_interfaces,
        link.pk,
        lambda s: None,
        lambda s: [p.enabled for p in s.core_link.ports],
    )

    rerun_as_after_a_crash(
        create_l2vpn.create_vlan_groups_in_ims,
        l2vpn.pk,
        lambda s: [clear("ims_id")(sap) for sap in s.virtual_circuit.saps],
        lambda s: [sap.ims_id for sap in s.virtual_circuit.saps],
    )
    rerun_as_after_a_crash(
        create_l2vpn.create_l2vpn_in_ims,
        l2vpn.pk,
        lambda s: clear("ims_id")(s.virtual_circuit),
        lambda s: s.virtual_circuit.ims_id,
    )
    rerun_as_after_a_crash(
        create_l2vpn.create_l2vpn_terminations_in_ims,
        l2vpn.pk,
        lambda s: None,
        lambda s: s.virtual_circuit.ims_id,
    )
    rerun_as_after_a_crash(
        create_l2vpn.tag_vlans_on_ports, l2vpn.pk, lambda s: None, lambda s: s.virtual_circuit.ims_id
    )

    # Terminate steps, run again once their workflow is done: nothing left to delete, no error.
    confirm = {"confirm": True}
    for key, subscription, steps in (
        (
            "terminate_l2vpn",
            l2vpn,
            [
                terminate_l2vpn.delete_l2vpn_from_ims,
                terminate_l2vpn.delete_vlan_groups_from_ims,
                terminate_l2vpn.untag_vlans_on_ports,
            ],
        ),
        ("terminate_port", ports[0], [terminate_port.release_port_interface_in_ims]),
        ("terminate_port", network["untagged"], [terminate_port.release_port_interface_in_ims]),
        (
            "terminate_core_link",
            link,
            [
                s
                for s in terminate_core_link.terminate_core_link.steps
                if s.name.startswith(("Delete", "Disable"))
            ],
        ),
        ("terminate_node", rt1, [terminate_node.delete_device_from_ims]),
    ):
        inline_catalogue.completes(key, subscription, confirm)
        before = inventory()
        for step in steps:
            result = step(subscription=load_subscription(subscription.pk)) or {}
            assert not any(value is True for name, value in result.items() if name.endswith("deleted")), (
                step.name
            )
        assert inventory() == before, f"{key} steps changed NetBox when run again"
