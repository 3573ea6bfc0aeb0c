"""Terminate node: delete the device (its loopback and addresses go with it); deprovision."""

from engine import State, StepList, begin, step
from lifecycle.subscription_workflows import terminate_workflow
from netbox_integration.operations import delete
from products.product_types.node import Node
from products.services.netbox.node import device_payload
from workflows.node.shared import deprovision_node_in_nrm
from workflows.shared.forms import confirm_termination_form


@step("Delete device from IMS")
def delete_device_from_ims(subscription: Node) -> State:
    deleted = delete(device_payload(subscription)) if subscription.node.ims_id else False
    return {"device_deleted": deleted}  # False: it was already gone (a retry)


@terminate_workflow("Terminate node", initial_input_form=confirm_termination_form, products=[Node])
def terminate_node() -> StepList:
    return begin >> delete_device_from_ims >> deprovision_node_in_nrm
