"""The core link product: a cable between two nodes' interfaces, a /127 on it (its blocks:
products.product_blocks.core_link and .core_port)."""

from products.product_blocks.core_link import CoreLinkBlock
from products.product_blocks.core_port import CorePortBlock
from products.registry import ProductDefinition, describes, register_products
from subscriptions.blocks import RootBlock
from subscriptions.models import Subscription


@register_products(
    ProductDefinition(
        "core link 10G",
        tag="CORE_LINK",
        description="A 10 Gbit/s link between two nodes",
        fixed_inputs={"speed": 10000},
    ),
    ProductDefinition(
        "core link 100G",
        tag="CORE_LINK",
        description="A 100 Gbit/s link between two nodes",
        fixed_inputs={"speed": 100000},
    ),
)
class CoreLink(Subscription):
    core_link = RootBlock(CoreLinkBlock)

    class Meta:
        proxy = True

    def link_name(self) -> str:
        """`core link 10G rt1 ethernet-1/1 <-> ethernet-1/2 rt2`: the link without its maintenance
        flag (what names its NetBox prefix, which must not change when maintenance does)."""
        a, b = self.core_link.ports
        return f"{self.product.name} {_node_name(a)} {a.port_name} <-> {b.port_name} {_node_name(b)}"


@describes(CoreLink)
def core_link_description(core_link: CoreLink) -> str:
    maintenance = " (maintenance)" if core_link.core_link.under_maintenance else ""
    return core_link.link_name() + maintenance


@describes(CorePortBlock)
def core_port_description(core_port: CorePortBlock) -> str:
    """A core port is described on its own for its IPv6 address."""
    return f"CorePort {_node_name(core_port)} {core_port.port_name}"


def _node_name(block) -> str:
    return block.node.node_name if block.node_id else "?"
