"""The port product: a customer-facing interface of a node (products.product_blocks.port)."""

from products.product_blocks.port import PortBlock
from products.registry import ProductDefinition, describes, register_products
from subscriptions.blocks import RootBlock
from subscriptions.models import Subscription


@register_products(
    ProductDefinition(
        "port 10G", tag="PORT", description="A 10 Gbit/s customer port", fixed_inputs={"speed": 10000}
    ),
    ProductDefinition(
        "port 100G", tag="PORT", description="A 100 Gbit/s customer port", fixed_inputs={"speed": 100000}
    ),
)
class Port(Subscription):
    port = RootBlock(PortBlock)

    class Meta:
        proxy = True


@describes(Port)
def port_description(port: Port) -> str:
    block = port.port
    node_name = block.node.node_name if block.node_id else "?"
    return f"{port.product.name} {node_name} {block.port_name} {block.port_description}".strip()
