"""Terminate port: give the interface back to the node (no description, disabled, untagged)."""

from engine import State, StepList, begin, step
from lifecycle.subscription_workflows import terminate_workflow
from netbox_integration.operations import update
from products.product_types.port import Port
from products.services.netbox.port import released_port_interface_payload
from workflows.port.shared import deprovision_port_in_nrm
from workflows.shared.forms import confirm_termination_form


@step("Release port")
def release_port(subscription: Port) -> State:
    subscription.port.enabled = False
    return {"subscription": subscription}


@step("Update interface in IMS")
def release_port_interface_in_ims(subscription: Port) -> State:
    interface = update(released_port_interface_payload(subscription))
    return {"interface": {"id": interface.id, "enabled": interface.enabled}}


@terminate_workflow("Terminate port", initial_input_form=confirm_termination_form, products=[Port])
def terminate_port() -> StepList:
    return begin >> release_port >> release_port_interface_in_ims >> deprovision_port_in_nrm
