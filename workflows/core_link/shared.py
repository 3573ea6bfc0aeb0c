"""What the core link workflows share: the cable update and the NRM intent."""

from __future__ import annotations

from engine import State, step
from netbox_integration.operations import update
from products.product_types.core_link import CoreLink
from products.services.netbox.core_link import cable_payload
from workflows.shared.nrm import record_intent


@step("Update cable in IMS")
def update_cable_in_ims(subscription: CoreLink) -> State:
    """The cable carries the link's description (maintenance included)."""
    cable = update(cable_payload(subscription))
    return {"cable": {"id": cable.id, "description": cable.description}}


def core_link_nrm_settings(subscription: CoreLink) -> dict:
    block = subscription.core_link
    return {
        "under_maintenance": block.under_maintenance,
        "sides": [
            {"node": p.node.node_name, "port": p.port_name, "ipv6_address_id": p.ipv6_ipam_id}
            for p in block.ports
        ],
    }


@step("Provision core link in NRM (intent only)")
def provision_core_link_in_nrm(subscription: CoreLink) -> State:
    block = subscription.core_link
    block.nrm_id = block.ims_id
    for port in block.ports:
        port.nrm_id = port.ims_id
    return {
        "subscription": subscription,
        **record_intent(
            "provision core link", subscription.description, core_link_nrm_settings(subscription)
        ),
    }


@step("Update core link in NRM (intent only)")
def update_core_link_in_nrm(subscription: CoreLink) -> State:
    return record_intent("update core link", subscription.description, core_link_nrm_settings(subscription))


@step("Deprovision core link in NRM (intent only)")
def deprovision_core_link_in_nrm(subscription: CoreLink) -> State:
    return record_intent(
        "deprovision core link", subscription.description, core_link_nrm_settings(subscription)
    )
