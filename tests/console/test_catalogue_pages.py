"""Catalogue pages: products with fixed inputs and workflows, product blocks with fields
and per-lifecycle requirements, workflows with target and products; schedules editable."""

import pytest
from django.urls import reverse
from django_q.models import Schedule

from engine.models import Workflow
from products.models import Product

pytestmark = pytest.mark.django_db


def test_products_show_fixed_inputs_and_workflows(admin_client):
    listing = admin_client.get(reverse("admin:products_product_changelist")).content.decode()
    assert "vendor = A" in listing and "create_test_router" in listing and "modify_note" in listing
    product = Product.objects.get(name="test router B")
    page = admin_client.get(reverse("admin:products_product_change", args=[product.pk])).content.decode()
    assert "terminate_test_router" in page and "vendor" in page
    # the reconcile workflow is offered for router A only
    assert "reconcile_test_router" not in page


def test_product_blocks_show_fields_and_lifecycle_requirements(admin_client):
    page = admin_client.get(reverse("admin:product_blocks")).content.decode()
    router = page[page.index('id="block-RouterBlock"') :]
    router = router[: router.index("</table>")]
    assert "Router name" in router and "<code>router_name</code>" in router
    assert "<td>provisioning</td>" in router and "<td>active</td>" in router
    assert "Router" in router  # the product type that uses it
    vlan = page[page.index('id="block-VlanBlock"') :]
    assert "<code>endpoints</code>: 2 to 8 × EndpointBlock" in vlan and "Mbit/s" in vlan


def test_workflows_show_target_and_products(admin_client):
    listing = admin_client.get(reverse("admin:workflows_workflow_changelist"), {"target__exact": "TERMINATE"})
    body = listing.content.decode()
    assert "terminate_test_router" in body and "test router A" in body and "create_test_router" not in body
    workflow = Workflow.objects.get(key="create_test_vlan")
    page = admin_client.get(reverse("admin:workflows_workflow_change", args=[workflow.pk])).content.decode()
    assert "CREATE" in page and "test vlan" in page


def test_schedules_are_listed_and_editable(admin_client):
    schedule = Schedule.objects.create(
        func="engine.maintenance.noop", name="console test", schedule_type=Schedule.DAILY
    )
    listing = admin_client.get(reverse("admin:django_q_schedule_changelist")).content.decode()
    assert "console test" in listing
    url = reverse("admin:django_q_schedule_change", args=[schedule.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "name": "console test",
            "func": schedule.func,
            "hook": "",
            "args": "",
            "kwargs": "",
            "schedule_type": Schedule.HOURLY,
            "minutes": "",
            "repeats": "-1",
            "next_run_0": "2030-01-01",
            "next_run_1": "02:00:00",
            "cron": "",
            "cluster": "",
            "intended_date_kwarg": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Schedule.objects.get(pk=schedule.pk).schedule_type == Schedule.HOURLY
