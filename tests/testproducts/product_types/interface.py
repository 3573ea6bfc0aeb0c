from products.registry import ProductDefinition, register_products
from subscriptions.blocks import RootBlock
from subscriptions.models import Subscription
from tests.testproducts.product_blocks.interface import InterfaceBlock


@register_products(
    ProductDefinition("test interface 10G", tag="TIFACE", fixed_inputs={"speed": "10000"}),
)
class Interface(Subscription):
    interface = RootBlock(InterfaceBlock)

    class Meta:
        proxy = True
