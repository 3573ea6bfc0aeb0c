"""Terminate core link: cable, addresses and /127 deleted; both interfaces disabled."""

from __future__ import annotations

import dataclasses

from engine import State, StepList, begin, step
from lifecycle.subscription_workflows import terminate_workflow
from netbox_integration.operations import delete, get, update
from netbox_integration.payloads import CablePayload, InterfacePayload, IPAddressPayload, PrefixPayload
from products.product_types.core_link import CoreLink
from products.services.netbox.core_link import core_port_interface_fields
from workflows.core_link.shared import deprovision_core_link_in_nrm
from workflows.shared.forms import confirm_termination_form


def _delete_if_present(payload_type, object_id) -> bool:
    """Delete by id; False when there is nothing (never made, or deleted by an earlier run)."""
    found = get(payload_type, id=object_id) if object_id else None
    return delete(found) if found is not None else False


@step("Delete cable")
def delete_cable(subscription: CoreLink) -> State:
    return {"cable_deleted": _delete_if_present(CablePayload, subscription.core_link.ims_id)}


def _delete_address(side: int):
    def delete_side_address(subscription: CoreLink) -> State:
        port = subscription.core_link.ports[side]
        return {f"address_{'AB'[side]}_deleted": _delete_if_present(IPAddressPayload, port.ipv6_ipam_id)}

    return step(f"Delete {'AB'[side]} address")(delete_side_address)


@step("Delete /127")
def delete_core_link_prefix(subscription: CoreLink) -> State:
    return {"prefix_deleted": _delete_if_present(PrefixPayload, subscription.core_link.ipv6_prefix_ipam_id)}


@step("Disable both interfaces")
def disable_core_port_interfaces(subscription: CoreLink) -> State:
    for port in subscription.core_link.ports:
        port.enabled = False
        current = get(InterfacePayload, id=port.ims_id)
        if current is not None:  # the node's device may be gone already
            update(dataclasses.replace(current, **core_port_interface_fields(subscription, port)))
    return {"subscription": subscription}


@terminate_workflow("Terminate core link", initial_input_form=confirm_termination_form, products=[CoreLink])
def terminate_core_link() -> StepList:
    return (
        begin
        >> delete_cable
        >> _delete_address(1)
        >> _delete_address(0)
        >> delete_core_link_prefix
        >> disable_core_port_interfaces
        >> deprovision_core_link_in_nrm
    )
