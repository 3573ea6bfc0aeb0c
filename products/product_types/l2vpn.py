from products.product_blocks.virtual_circuit import VirtualCircuitBlock
from products.registry import ProductDefinition, register_products
from subscriptions.blocks import RootBlock
from subscriptions.models import Subscription


@register_products(
    ProductDefinition("l2vpn", tag="L2VPN", description="A layer-2 VPN between 2 to 8 tagged ports"),
)
class L2vpn(Subscription):
    virtual_circuit = RootBlock(VirtualCircuitBlock)

    class Meta:
        proxy = True
