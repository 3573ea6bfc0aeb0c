"""Which products each workflow row is offered for, kept in step with the code on every
sync of the Workflow table (an engine hook: the engine does not know products)."""

from lifecycle.gating import offered_product_names
from products.models import Product


def sync_offered_products(row, definition) -> bool:
    """Point the Workflow row at the products the code offers it for; True if that changed."""
    names = offered_product_names(definition)
    products = (
        Product.objects.filter(in_code=True) if names is None else Product.objects.filter(name__in=names)
    )
    wanted = set(products.values_list("pk", flat=True))
    if wanted == {p.pk for p in row.products.all()}:
        return False
    row.products.set(wanted)
    return True
