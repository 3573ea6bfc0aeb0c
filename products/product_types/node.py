"""The node product: a router (its block: products.product_blocks.node)."""

from products.product_blocks.node import NodeBlock
from products.registry import ProductDefinition, describes, register_products
from subscriptions.blocks import RootBlock
from subscriptions.models import Subscription

NODE_TYPES = ("Cisco", "Nokia", "Cumulus", "FRR")


@register_products(
    *(
        ProductDefinition(
            f"node {vendor}", tag="NODE", description=f"A {vendor} router", fixed_inputs={"node_type": vendor}
        )
        for vendor in NODE_TYPES
    )
)
class Node(Subscription):
    node = RootBlock(NodeBlock)

    class Meta:
        proxy = True


@describes(Node)
def node_description(node: Node) -> str:
    return f"node {node.node.node_name} ({node.node.node_status})"
