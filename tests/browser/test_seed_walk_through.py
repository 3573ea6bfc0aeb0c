"""The seed walk-through in the browser, against the real NetBox sandbox and a real worker:
bootstrap NetBox from New task; two nodes through the wizard (going back a page and changing
a field); their interfaces from the Actions menu; a core link (node B = node A is refused
next to the field), two ports and an L2VPN; processes watched until they complete; a failed
process's traceback read, the cause fixed, the process retried."""

import dataclasses

import pytest

from engine.models import Process
from netbox_integration.operations import get, update
from netbox_integration.payloads import InterfacePayload
from products.product_types.node import Node
from products.product_types.port import Port
from subscriptions.models import Subscription
from tests.integration.netbox.conftest import _uses_netbox  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.netbox]


def order(console, product: str, *, screenshot: str = ""):
    """New subscription → the product → its first page (the customer) answered."""
    console.open("/admin/subscriptions/subscription/add/")
    console.click(f'#product-list a[data-product="{product}"]')
    console.fill(customer_id="SURF")
    console.next()


def start_and_watch(console, *, screenshot: str = "") -> Process:
    """Start (or the summary page's Start) and wait on the process page until it completes."""
    console.click(
        'input[name="_start"]' if console.find_all('input[name="_start"]') else 'input[name="_next"]'
    )
    console.wait_for_text("completed", "#process-status", timeout=90)
    if screenshot:
        console.screenshot(screenshot)
    return Process.objects.get(pk=console.driver.current_url.rstrip("/").split("/")[-2])


def create_node(
    console, product: str, device_type: str, site: str, name: str, *, rename_to: str = ""
) -> Node:
    order(console, product)
    console.wait_for_text("Device type", "#wizard-form")
    console.fill(
        auto_add_interfaces=False,
        type_id=device_type,
        role_id="Provider",
        site_id=site,
        node_name=name,
        node_description=f"{name} core",
    )
    console.next()
    console.wait_for_text(name, "#summary-summary")
    if rename_to:  # back a page: the values are kept, change one, on to the summary again
        console.screenshot("seed-node-summary")
        console.previous()
        assert console.find('[name="node_name"]').get_attribute("value") == name
        console.fill(node_name=rename_to)
        console.next()
        console.wait_for_text(rename_to, "#summary-summary")
        name = rename_to
    start_and_watch(console, screenshot="seed-node-created" if rename_to else "")
    return Node.objects.get(description__startswith=f"node {name}")


def run_action(console, subscription, workflow_key: str, **fields):
    console.open(f"/admin/subscriptions/subscription/{subscription.pk}/change/")
    console.click(f"#action-{workflow_key}")
    if fields:
        console.fill(**fields)
        console.next()
    return console


def test_seed_walk_through_in_the_browser(console, worker, clean_netbox):  # noqa: F811
    # NetBox bootstrap from New task.
    console.open("/admin/workflows/process/new-task/")
    console.click("#start-task_netbox_bootstrap")
    console.wait_for_text("Review and start")
    start_and_watch(console, screenshot="seed-bootstrap")

    # Two nodes; the first renamed after going back a page.
    console.open("/admin/subscriptions/subscription/add/")
    console.screenshot("seed-new-subscription", full_page=False)
    rt1 = create_node(console, "node Cisco", "Cisco 8812", "Amsterdam", "rt1", rename_to="rt1-ams")
    rt2 = create_node(console, "node Nokia", "Nokia 7950 XRS-20", "Paris", "rt2")
    assert rt1.node.node_name == "rt1-ams" and rt1.status == "active"

    # Their interfaces, from the Actions menu.
    for node in (rt1, rt2):
        run_action(console, node, "update_node_interfaces")
        process = start_and_watch(console)
        assert len(process.state["interfaces_added"]) == 14

    # A core link: node B = node A is refused next to node B's field.
    order(console, "core link 10G")
    console.fill(node_a="node rt1-ams (active)", node_b="node rt1-ams (active)")
    console.next()
    assert "node B cannot be the same as node A" in console.text("#errors-node_b")
    console.screenshot("seed-core-link-error")
    console.fill(node_b="node rt2 (active)")
    console.next()
    console.choose("port_a", "ethernet-1/1 ")
    console.choose("port_b", "ethernet-1/1 ")
    console.next()
    link = start_and_watch(console)
    assert Subscription.objects.get(process_subscriptions__process=link).status == "active"

    # Two tagged ports and an L2VPN over them.
    for node_name in ("rt1-ams", "rt2"):
        order(console, "port 10G")
        console.fill(node=f"node {node_name} (active)")
        console.next()
        console.choose("port", "ethernet-1/2 ")
        console.fill(port_description=f"customer on {node_name}")  # mode: tagged, the default
        console.next()
        start_and_watch(console)
    ports = list(Port.objects.filter(status="active", product__product_type="Port").order_by("description"))
    order(console, "l2vpn")
    console.fill(number_of_ports=2, speed=1000)
    console.next()
    console.fill(ports=[p.description for p in ports], vlan="100-102")
    console.next()
    console.wait_for_text("100-102", "#summary-summary")
    console.screenshot("seed-l2vpn-summary")
    start_and_watch(console, screenshot="seed-l2vpn-created")
    l2vpn = Subscription.objects.get(product__name="l2vpn")
    console.open(f"/admin/subscriptions/subscription/{l2vpn.pk}/change/")
    assert "ethernet-1/2" in console.text("#block-tree")
    console.screenshot("seed-l2vpn-page")

    # A change by hand in NetBox makes the port's validate fail: read why, fix it, retry.
    port = Port.objects.get(pk=ports[0].pk)
    port_block = port.port
    interface = get(InterfacePayload, id=port_block.ims_id)
    assert interface is not None
    update(dataclasses.replace(interface, description="changed by hand"))
    run_action(console, port, "validate_port")
    console.start()
    console.wait_for_text("inconsistent_data", "#process-status", timeout=90)
    assert "changed by hand" in console.text("#failed-reason")
    assert "Traceback (most recent call last)" in console.text("#timeline")
    console.screenshot("seed-validate-failed")
    update(interface)  # fixed by hand
    console.click("#action-retry")
    console.wait_for_text("completed", "#process-status", timeout=90)
    console.open("/admin/")
    console.screenshot("seed-start-page")
