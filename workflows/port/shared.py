"""What the port workflows share: the interface update in NetBox and the NRM intent."""

from __future__ import annotations

from engine import State, step
from netbox_integration.operations import update
from products.product_types.port import Port
from products.services.netbox.port import port_interface_payload
from workflows.shared.nrm import record_intent


@step("Update interface in IMS")
def update_port_interface_in_ims(subscription: Port) -> State:
    """Description, mode, enabled, speed and tagged VLANs as the subscription has them."""
    interface = update(port_interface_payload(subscription))
    return {
        "interface": {
            "id": interface.id,
            "enabled": interface.enabled,
            "tagged_vlans": interface.tagged_vlans,
        }
    }


def port_nrm_settings(subscription: Port) -> dict:
    block = subscription.port
    return {
        "node": block.node.node_name,
        "port": block.port_name,
        "description": block.port_description,
        "mode": block.port_mode,
        "auto_negotiation": block.auto_negotiation,
        "lldp": block.lldp,
        "enabled": block.enabled,
    }


@step("Provision port in NRM (intent only)")
def provision_port_in_nrm(subscription: Port) -> State:
    subscription.port.nrm_id = subscription.port.ims_id
    return {
        "subscription": subscription,
        **record_intent("provision port", subscription.description, port_nrm_settings(subscription)),
    }


@step("Update port in NRM (intent only)")
def update_port_in_nrm(subscription: Port) -> State:
    return record_intent("update port", subscription.description, port_nrm_settings(subscription))


@step("Deprovision port in NRM (intent only)")
def deprovision_port_in_nrm(subscription: Port) -> State:
    return record_intent("deprovision port", subscription.description, port_nrm_settings(subscription))
