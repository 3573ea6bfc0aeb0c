"""The console walked through in headless Chromium, on the test products: a task from New
task, subscriptions through the wizard (going back and changing a field), a field error
next to its field, an action from the Actions menu, a process watched to completion, a
failed process's traceback and its retry. Screenshots of the main pages are saved."""

import pytest

from engine.models import Process
from subscriptions.models import Subscription
from tests.engine_workflows import record_effect
from tests.integration.engine.conftest import wait_for

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def process_on_page(console) -> Process:
    process_id = console.driver.current_url.rstrip("/").split("/")[-2]
    return Process.objects.get(pk=process_id)


def create_router(console, name: str, *, change_name_to: str | None = None, screenshots: bool = False):
    console.open("/admin/")
    console.click("#new-subscription")
    console.wait_for_text("test router A", "#product-list")
    if screenshots:
        console.screenshot("new-subscription")
    console.click('#product-list a[data-product="test router A"]')
    console.fill(customer_id="SURF")
    console.next()
    console.wait_for_text("Router", ".wizard-page-title")
    console.fill(router_name=name, site_id=4)
    if change_name_to:
        console.next()  # on to the review …
        console.wait_for_text("Review and start")
        console.previous()  # … and back: what was typed is still there
        assert console.find('[name="router_name"]').get_attribute("value") == name
        console.fill(router_name=change_name_to)
        name = change_name_to
    if screenshots:
        console.screenshot("wizard-page")
    console.next()
    console.wait_for_text("Review and start")
    assert name in console.text("#content-main")
    if screenshots:
        console.screenshot("wizard-review")
    console.start()
    console.wait_for_text("completed", "#process-status")  # the page refreshes by itself
    return Subscription.objects.get(description=f"router {name}")


def test_walk_through_the_console(console, worker):
    # The start page, then a task from New task, watched until it completes.
    console.screenshot("start-page")
    console.click("#new-task")
    console.wait_for_text("Three steps with database effects", "#task-list")
    console.screenshot("new-task")
    console.click("#start-task_effects")
    console.fill(sleep_seconds="4")  # long enough to see the page refresh by itself
    console.next()
    console.start()
    console.wait_for_text("refreshing", "#process-status", timeout=10)
    console.wait_for_text("completed", "#process-status")
    assert "Effect three" in console.text("#timeline")

    # Two routers through the wizard; for the first the operator goes back and changes the name.
    first = create_router(console, "rt-ams", change_name_to="rt-ams-1", screenshots=True)
    console.screenshot("process-completed")
    create_router(console, "rt-ut")
    assert first.status == "active" and first.insync

    # An interface on each router, then a VLAN: choosing one interface is refused next to the field.
    for router in ("rt-ams-1", "rt-ut"):
        console.open("/admin/subscriptions/subscription/add/")
        console.click('#product-list a[data-product="test interface 10G"]')
        console.fill(customer_id="SURF")
        console.next()
        console.fill(interface_name=f"xe-{router}", router_id=f"router {router}")
        console.next()
        console.start()
        console.wait_for_text("completed", "#process-status")
    console.open("/admin/subscriptions/subscription/add/")
    console.click('#product-list a[data-product="test vlan"]')
    console.fill(customer_id="SURF")
    console.next()
    console.fill(vlan_id=300, interfaces=["interface xe-rt-ams-1"])
    console.next()
    assert "Choose at least 2" in console.text("#errors-interfaces")
    console.screenshot("wizard-field-error")
    console.fill(interfaces=["interface xe-rt-ams-1", "interface xe-rt-ut"])
    console.next()
    console.start()
    console.wait_for_text("completed", "#process-status")

    # The router's page: block tree, in use by the interface, Actions menu with a greyed-out terminate.
    console.open(f"/admin/subscriptions/subscription/{first.pk}/change/")
    assert "router rt-ams-1" in console.text("#block-tree")
    assert "interface xe-rt-ams-1" in console.text("#in-use-by")
    terminate = console.find("#action-terminate_test_router")
    assert "in use by live subscriptions" in terminate.text
    console.click("#action-modify_test_router")
    console.fill(description="core router Amsterdam")
    console.next()
    console.start()
    console.wait_for_text("completed", "#process-status")
    console.open(f"/admin/subscriptions/subscription/{first.pk}/change/")
    assert "core router Amsterdam" in console.text("#block-tree")
    assert "Describe router" in console.text("#history")
    console.screenshot("subscription-page")

    vlan = Subscription.objects.get(product__name="test vlan")
    console.open(f"/admin/subscriptions/subscription/{vlan.pk}/change/")
    console.screenshot("subscription-vlan")

    # A failed process: read its traceback, fix things, retry.
    console.open("/admin/workflows/process/new-task/")
    console.click("#start-task_fail_until_fixed")
    console.start()
    console.wait_for_text("failed", "#process-status")
    assert "RuntimeError: not fixed yet" in console.text("#timeline")
    console.screenshot("process-failed")
    failed = process_on_page(console)
    record_effect(str(failed.pk), "fixed")
    console.click("#action-retry")
    console.wait_for_text("completed", "#process-status")
    wait_for(lambda: Process.objects.get(pk=failed.pk).status == "completed", 10, "the retried process")

    # A process that suspends for input: its form is on the process page; Resume runs it on.
    console.open("/admin/workflows/process/new-task/")
    console.click("#start-task_suspend")
    console.start()
    console.wait_for_text("suspended", "#process-status")
    console.wait_for_text("Input needed", "#resume-form")
    console.screenshot("process-suspended")
    console.fill(confirmed=True)
    console.click("#action-resume")
    console.wait_for_text("completed", "#process-status")

    # The lists and the catalogue, and the start page on a phone.
    console.open("/admin/workflows/process/?is_task__exact=0")
    console.screenshot("process-list", full_page=False)
    console.open("/admin/subscriptions/subscription/")
    console.screenshot("subscription-list", full_page=False)
    console.open("/admin/catalogue/blocks/")
    console.screenshot("product-blocks", full_page=False)
    console.open("/admin/")
    console.screenshot("start-page-after")
    console.screenshot("start-page-phone", size=PHONE)
    assert not console.overflows_horizontally(PHONE)
    console.open(f"/admin/workflows/process/{failed.pk}/change/")
    console.screenshot("process-phone", size=PHONE)
    assert not console.overflows_horizontally(PHONE)
    console.open(f"/admin/subscriptions/subscription/{vlan.pk}/change/")
    console.screenshot("subscription-phone", size=PHONE)
    assert not console.overflows_horizontally(PHONE)

    # The language switch: the same pages in Dutch, from the same translations.
    console.open(f"/admin/subscriptions/subscription/{first.pk}/change/")
    console.fill(language="Nederlands")
    console.wait_for_text("Productblokken", "#content")
    assert "Hangt af van" in console.text("#content") and "Acties" in console.text("#actions-menu")
    console.screenshot("subscription-page-nl")
    console.fill(language="English")
    console.wait_for_text("Product blocks", "#content")
