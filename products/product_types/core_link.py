from products.product_blocks.core_link import CoreLinkBlock
from products.registry import ProductDefinition, register_products
from subscriptions.blocks import RootBlock
from subscriptions.models import Subscription


@register_products(
    ProductDefinition("core link 10G", tag="CORE_LINK", description="A 10 Gbit/s link between two nodes",
                      fixed_inputs={"speed": 10000}),
    ProductDefinition("core link 100G", tag="CORE_LINK", description="A 100 Gbit/s link between two nodes",
                      fixed_inputs={"speed": 100000}),
)  # fmt: skip
class CoreLink(Subscription):
    core_link = RootBlock(CoreLinkBlock)

    class Meta:
        proxy = True
