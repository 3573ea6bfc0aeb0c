from products.registry import ProductDefinition, register_products
from subscriptions.blocks import RootBlock
from subscriptions.models import Subscription
from tests.testproducts.product_blocks.vlan import VlanBlock


@register_products(ProductDefinition("test vlan", tag="TVLAN", description="VLAN between 2 to 8 interfaces"))
class Vlan(Subscription):
    vlan = RootBlock(VlanBlock)

    class Meta:
        proxy = True
