"""The web wizard: a workflow's form pages with Previous/Next, values kept going back,
field errors next to the field, a review page, Start → the process page."""

import pytest
from django.urls import reverse

from engine.models import Process, ProcessInput

pytestmark = pytest.mark.django_db


def start_url(key, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("admin:workflows_process_start", args=[key]) + (f"?{query}" if query else "")


def test_two_pages_back_and_forth_then_start(admin_client):
    url = start_url("plain_two_pages")
    first = admin_client.get(url).content.decode()
    assert 'name="count"' in first and 'name="_previous"' not in first

    # A field error is shown next to its field, and nothing is started.
    page = admin_client.post(
        url, {"page": 0, "count": "9", "colours": ["red"], "_next": "1"}
    ).content.decode()
    assert 'id="errors-count"' in page and "less than or equal to 3" in page
    assert Process.objects.count() == 0

    # A valid first page leads to the second, whose title depends on the first's answer.
    page = admin_client.post(
        url, {"page": 0, "count": "2", "colours": ["red", "blue"], "_next": "1"}
    ).content.decode()
    assert "Name 2" in page and 'name="name"' in page
    back = admin_client.post(url, {"page": 1, "name": "Ada", "_previous": "1"}).content.decode()

    # Back on page one, its values are kept; change one, and page two keeps what was typed.
    assert 'name="count" value="2"' in back
    assert '<option value="red" selected>' in back and '<option value="blue" selected>' in back
    assert '<option value="green" selected>' not in back
    again = admin_client.post(
        url, {"page": 0, "count": "3", "colours": ["green"], "_next": "1"}
    ).content.decode()
    assert "Name 3" in again and 'value="Ada"' in again

    review = admin_client.post(url, {"page": 1, "name": "Grace", "_next": "1"}).content.decode()
    assert "Review and start" in review and "Grace" in review and "Green" in review

    response = admin_client.post(url, {"page": 2, "_start": "1"})
    process = Process.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:workflows_process_change", args=[process.pk]
    )
    assert ProcessInput.objects.get(process=process).data == [
        {"count": 3, "colours": ["green"]},
        {"name": "Grace"},
    ]


def test_a_task_without_a_form_goes_straight_to_review(admin_client):
    url = start_url("task_suspend")
    page = admin_client.get(url).content.decode()
    assert "This workflow asks for no input" in page and 'name="_start"' in page


def test_cancel_forgets_the_answers(admin_client):
    url = start_url("plain_two_pages")
    admin_client.get(url)
    admin_client.post(url, {"page": 0, "count": "2", "colours": ["red"], "_next": "1"})
    response = admin_client.post(url, {"page": 1, "_cancel": "1"})
    assert response.status_code == 302
    # A session is not iterable (it has keys() but no __iter__): keys() is needed here.
    assert not any(k.startswith("wizard:") for k in admin_client.session.keys())  # noqa: SIM118


def test_an_unknown_workflow_is_a_404(admin_client):
    assert admin_client.get(start_url("no_such_workflow")).status_code == 404


def test_a_page_that_needs_netbox_says_so_when_there_is_none(admin_client, settings):
    from products.models import Product
    from subscriptions.models import Customer

    settings.NETBOX_URL = ""  # as in the demo without PostgreSQL: no NetBox at all
    url = start_url("create_node")
    product, customer = Product.objects.get(name="node FRR"), Customer.objects.first()
    response = admin_client.post(
        url,
        {"page": 0, "product": str(product.pk), "customer_id": str(customer.pk), "_next": "1"},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This form needs a system that does not answer" in page and "NetBox is not configured" in page
