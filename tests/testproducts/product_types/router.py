from products.registry import ProductDefinition, register_products
from subscriptions.blocks import RootBlock
from subscriptions.models import Subscription
from tests.testproducts.product_blocks.router import RouterBlock


@register_products(
    ProductDefinition(
        "test router A", tag="TROUTER", description="Router of vendor A", fixed_inputs={"vendor": "A"}
    ),
    ProductDefinition(
        "test router B", tag="TROUTER", description="Router of vendor B", fixed_inputs={"vendor": "B"}
    ),
)
class Router(Subscription):
    router = RootBlock(RouterBlock)

    class Meta:
        proxy = True
