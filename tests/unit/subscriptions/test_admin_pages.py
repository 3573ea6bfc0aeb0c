"""The admin pages of customers, subscriptions and products render with relations shown."""

import pytest

from tests.testproducts import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/admin/subscriptions/customer/", "/admin/subscriptions/subscription/", "/admin/products/product/"],
)
def test_changelists_render(admin_client, url):
    factories.router()
    assert admin_client.get(url).status_code == 200


def test_a_subscription_page_shows_what_it_depends_on_and_what_uses_it(admin_client):
    router = factories.router()
    interface = factories.interface(router)

    page = admin_client.get(f"/admin/subscriptions/subscription/{interface.pk}/change/").content.decode()
    assert router.description in page
    page = admin_client.get(f"/admin/subscriptions/subscription/{router.pk}/change/").content.decode()
    assert interface.description in page
    assert admin_client.get(f"/admin/subscriptions/subscription/{router.pk}/history/").status_code == 200
