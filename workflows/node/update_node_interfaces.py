"""Update node interfaces: make NetBox's interfaces of the device the discovered list."""

from engine import StepList, begin
from lifecycle.subscription_workflows import modify_workflow
from products.product_types.node import Node
from workflows.node.shared import update_node_interfaces_in_ims


@modify_workflow("Update node interfaces", products=[Node])
def update_node_interfaces() -> StepList:
    return begin >> update_node_interfaces_in_ims
