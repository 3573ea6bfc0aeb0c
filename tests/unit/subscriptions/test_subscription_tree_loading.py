"""Loading a subscription as its product type, whole tree included, in a fixed number of queries."""

import pytest

from products.models import Product
from subscriptions.models import Subscription
from subscriptions.tree import load_subscription
from tests.testproducts import factories
from tests.testproducts.product_types.router import Router
from tests.testproducts.product_types.vlan import Vlan

pytestmark = pytest.mark.django_db

# The subscription with product and customer; the root block; the endpoints with their
# interfaces and those interfaces' routers joined in.
VLAN_TREE_QUERIES = 3


def vlan_with(count: int) -> Vlan:
    routers = [factories.router() for _ in range(count)]
    return factories.vlan([factories.interface(r) for r in routers])


def read_everything(subscription: Vlan) -> list:
    seen = [subscription.product.name, subscription.customer.name, subscription.vlan.title]
    for endpoint in subscription.vlan.endpoints:
        seen += [
            endpoint.title,
            endpoint.interface.title,
            endpoint.interface.router.title,
            endpoint.subscription.pk,
        ]
    return seen


def test_typed_access_through_the_tree():
    vlan = vlan_with(2)
    loaded = load_subscription(vlan.pk)

    assert type(loaded) is Vlan
    assert (
        loaded.vlan.endpoints[1].interface.router.router_name
        == vlan.vlan.endpoints[1].interface.router.router_name
    )
    assert loaded.vlan.endpoints[0].subscription is loaded


@pytest.mark.parametrize("count", [2, 8])
def test_a_tree_loads_in_the_same_number_of_queries_whatever_its_size(count, django_assert_num_queries):
    vlan = vlan_with(count)
    with django_assert_num_queries(VLAN_TREE_QUERIES):
        loaded = load_subscription(vlan.pk)
        seen = read_everything(loaded)
    assert len(loaded.vlan.endpoints) == count
    assert len(seen) == 3 + 4 * count


def test_a_subscription_of_another_type_is_refused():
    router = factories.router()
    with pytest.raises(TypeError) as refusal:
        load_subscription(router.pk, as_type=Vlan)
    assert str(refusal.value) == f"Subscription {router.pk} is a Router (test router A), not a Vlan"


def test_an_unknown_id_is_named():
    with pytest.raises(
        Subscription.DoesNotExist, match="No subscription with id 00000000-0000-0000-0000-000000000000"
    ):
        load_subscription("00000000-0000-0000-0000-000000000000")


def test_a_product_type_not_declared_in_code_is_named():
    product = Product.objects.create(name="gone", product_type="Gone", tag="GONE")
    subscription = Subscription.objects.create(product=product, customer=factories.customer())
    with pytest.raises(
        LookupError, match="No product type 'Gone' is declared in code; known product types: .*Router"
    ):
        load_subscription(subscription.pk)


def test_a_plain_subscription_becomes_typed_when_its_blocks_are_needed():
    router = factories.router("provisioning")
    plain = Subscription.objects.get(pk=router.pk)
    plain.to_active()
    assert isinstance(plain, Router)
    assert plain.router.router_name == router.router.router_name


def test_a_block_referenced_from_many_rows_is_built_once_per_load():
    router = factories.router()
    vlan = factories.vlan([factories.interface(router) for _ in range(3)])
    endpoints = load_subscription(vlan.pk).vlan.endpoints
    routers = {id(e.interface.router) for e in endpoints}
    assert len(routers) == 1 and len({id(e.interface) for e in endpoints}) == 3
    assert endpoints[2].interface.router.router_name == router.router.router_name
    again = load_subscription(vlan.pk).vlan.endpoints
    assert again[0].interface.router is not endpoints[0].interface.router  # per load, not a cache


def test_a_loaded_block_tracks_changes_against_the_row_it_came_from():
    vlan = vlan_with(2)
    endpoint = load_subscription(vlan.pk).vlan.endpoints[0]
    assert endpoint.changed_fields() == []
    endpoint.vlan_id = 999
    assert endpoint.changed_fields() == ["vlan_id"]
    endpoint.save(update_fields=["vlan_id"])
    assert endpoint.changed_fields() == []


def test_a_query_that_is_not_whole_rows_is_loaded_the_usual_way():
    from subscriptions.blocks import load_blocks, with_references
    from tests.testproducts.product_blocks.vlan import EndpointBlock

    vlan = vlan_with(2)
    owned = EndpointBlock.objects.filter(subscription_id=vlan.pk).order_by("position")
    deferred = load_blocks(with_references(owned).defer("ims_id"))
    assert [e.get_deferred_fields() for e in deferred] == [{"ims_id"}, {"ims_id"}]
    whole = load_blocks(with_references(owned))
    assert [e.pk for e in whole] == [e.pk for e in deferred]
    assert whole[1].interface.router.router_name == vlan.vlan.endpoints[1].interface.router.router_name
    assert load_blocks(owned.none()) == []
