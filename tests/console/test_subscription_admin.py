"""The subscription pages: list with block search and filters, the page with its block
tree, relations, processes, history and Actions menu, and New subscription."""

import pytest
from django.urls import reverse

from engine import operations as ops
from products.models import Product
from subscriptions.models import Customer, Subscription
from tests.actors import TESTS
from tests.testproducts import factories

pytestmark = pytest.mark.django_db

LIST = "admin:subscriptions_subscription_changelist"


def page_of(subscription) -> str:
    return reverse("admin:subscriptions_subscription_change", args=[subscription.pk])


def test_search_finds_subscriptions_by_the_names_in_their_blocks(admin_client):
    router = factories.router(name="ams-core-7")
    factories.interface(router, name="xe-0/1/2")
    other = factories.router(name="ut-core-1")

    found = admin_client.get(reverse(LIST), {"q": "core-7"}).content.decode()
    assert router.description in found and other.description not in found
    found = admin_client.get(reverse(LIST), {"q": "xe-0/1"}).content.decode()
    assert "xe-0/1/2" in found and "ut-core-1" not in found
    # a list filter still holds together with the block search
    filtered = admin_client.get(reverse(LIST), {"q": "core", "product__tag": "TIFACE"}).content.decode()
    assert "ams-core-7" in filtered and "router ut-core-1" not in filtered


def test_search_by_description_and_by_id(admin_client):
    router = factories.router(name="lon-rt9")
    other = factories.router(name="par-rt1")
    by_id = admin_client.get(reverse(LIST), {"q": str(router.pk)}).content.decode()
    assert router.description in by_id and other.description not in by_id
    by_description = admin_client.get(reverse(LIST), {"q": "router par"}).content.decode()
    assert other.description in by_description and router.description not in by_description


@pytest.mark.parametrize(
    "params",
    [
        {"status__exact": "active"},
        {"insync__exact": "1"},
        {"product__tag": "TROUTER"},
        {"customer__id__exact": "1"},
    ],
)
def test_list_filters(admin_client, params):
    factories.router()
    assert admin_client.get(reverse(LIST), params).status_code == 200


def test_the_page_shows_the_block_tree_with_every_field_and_links_to_relations(admin_client):
    router = factories.router(name="rt-a")
    interfaces = [factories.interface(router, name=n) for n in ("eth1", "eth2")]
    vlan = factories.vlan(interfaces, vlan_id=42)

    page = admin_client.get(page_of(vlan)).content.decode()
    assert "Vlan block" in page and "Endpoint block" in page
    assert "VLAN 42 on interface eth1 of rt-a" in page  # block titles
    assert "Speed" in page and "Vlan id" in page and "*provisioning" in page  # fields, requirement levels
    for interface in interfaces:  # depends on, linked
        assert page_of(interface) in page

    router_page = admin_client.get(page_of(router)).content.decode()
    assert 'id="in-use-by"' in router_page and page_of(interfaces[0]) in router_page


def test_actions_menu_offers_what_may_start_and_greys_out_the_rest_with_reasons(admin_client):
    router = factories.router(name="rt-b")
    factories.interface(router)

    page = admin_client.get(page_of(router)).content.decode()
    modify = (
        reverse("admin:workflows_process_start", args=["modify_test_router"]) + f"?subscription={router.pk}"
    )
    assert modify in page
    # terminating a router that a live interface uses is greyed out, saying why
    assert 'class="disabled" id="action-terminate_test_router"' in page
    assert "in use by live subscriptions" in page


def test_a_process_on_the_subscription_is_listed_and_its_history_names_process_and_step(
    admin_client, inline_engine
):
    router = factories.router(name="rt-c")
    url = reverse("admin:workflows_process_start", args=["modify_test_router"]) + f"?subscription={router.pk}"
    first = admin_client.get(url).content.decode()
    assert 'name="description"' in first  # the subscription page was answered already
    admin_client.post(url, {"page": 1, "description": "core router", "_next": "1"})
    response = admin_client.post(url, {"page": 2, "_start": "1"})
    assert response.status_code == 302
    inline_engine.drain()

    page = admin_client.get(page_of(router)).content.decode()
    assert "Modify test router" in page and "completed" in page
    assert "Describe router" in page  # the step that changed the block, in the history
    assert "core router" in page


def test_new_subscription_picks_a_product_then_runs_its_create_wizard(admin_client, inline_engine):
    product = Product.objects.get(name="test router A")
    listing = admin_client.get(reverse("admin:subscriptions_subscription_add")).content.decode()
    start = reverse("admin:workflows_process_start", args=["create_test_router"]) + f"?product={product.pk}"
    assert start.replace("&", "&amp;") in listing or start in listing

    first = admin_client.get(start).content.decode()
    assert f'<option value="{product.pk}" selected>' in first  # the chosen product, preselected
    customer = Customer.objects.get(short_code="SURF")
    admin_client.post(start, {"page": 0, "product": product.pk, "customer_id": customer.pk, "_next": "1"})
    bad = admin_client.post(
        start, {"page": 1, "router_name": "rt-new", "site_id": "0", "_next": "1"}
    ).content.decode()
    assert 'id="errors-site_id"' in bad
    admin_client.post(start, {"page": 1, "router_name": "rt-new", "site_id": "3", "_next": "1"})
    response = admin_client.post(start, {"page": 2, "_start": "1"})
    assert response.status_code == 302 and "/admin/workflows/process/" in response["Location"]
    inline_engine.drain()
    created = Subscription.objects.get(description="router rt-new")
    assert created.status == "active" and created.insync


def test_set_in_sync_after_checking_by_hand(admin_client):
    router = factories.router()
    Subscription.objects.filter(pk=router.pk).update(insync=False)
    page = admin_client.get(page_of(router)).content.decode()
    assert 'id="set-in-sync"' in page
    admin_client.post(reverse("admin:subscriptions_subscription_set_in_sync", args=[router.pk]))
    assert Subscription.objects.get(pk=router.pk).insync is True


def test_starting_on_a_subscription_that_moved_on_is_refused_with_the_reason(admin_client, inline_engine):
    router = factories.router(name="rt-d")
    url = reverse("admin:workflows_process_start", args=["modify_test_router"]) + f"?subscription={router.pk}"
    admin_client.get(url)
    admin_client.post(url, {"page": 1, "description": "x", "_next": "1"})
    ops.start_process(
        "modify_test_router", [{"subscription_id": str(router.pk)}, {"description": "first"}], actor=TESTS
    )
    page = admin_client.post(url, {"page": 2, "_start": "1"}, follow=True).content.decode()
    assert "unfinished process holds the subscription" in page
