"""The subscription workflow decorators: standard steps, first form pages, products, gating at start."""

import pytest

from engine import operations as ops
from engine.errors import FormNotComplete, FormValidationError
from engine.models import Process, ProcessSubscription, Workflow
from engine.workflow import get_workflow
from lifecycle.gating import SubscriptionWorkflowRefused, check_start, workflows_for_subscription
from products.models import Product
from subscriptions.models import Customer, Subscription
from subscriptions.tree import load_subscription
from tests.actors import TESTS, person
from tests.testproducts import factories

pytestmark = pytest.mark.django_db


def finished(process) -> Process:
    return Process.objects.get(pk=process.pk)


def surf() -> int:
    return Customer.objects.get(short_code="SURF").pk


def start_modify(subscription, description="new text", key="modify_test_router", version=None):
    page = {"subscription_id": str(subscription.pk)}
    if version is not None:
        page["version"] = version
    return ops.start_process(key, [page, {"description": description}], actor=person("admin"))


def assert_refused_and_nothing_written(call, field: str, *fragments: str):
    before = (Process.objects.count(), ProcessSubscription.objects.count())
    with pytest.raises(FormValidationError) as refused:
        call()
    messages = [e["msg"] for e in refused.value.errors if e["loc"] == [field]]
    assert messages, refused.value.errors
    for fragment in fragments:
        assert any(fragment in m for m in messages), (fragment, messages)
    assert (Process.objects.count(), ProcessSubscription.objects.count()) == before
    return messages


# --- Standard steps ------------------------------------------------------------------------


def test_each_decorator_puts_its_standard_steps_around_the_authors_steps():
    plans = {
        key: get_workflow(key).steps.names
        for key in (
            "create_test_router",
            "modify_test_router",
            "terminate_test_router",
            "validate_test_router",
            "reconcile_test_router",
            "modify_note",
        )
    }
    assert plans["create_test_router"] == [
        "Start",
        "Construct router",
        "Ensure provisioning status",
        "Register router in IMS",
        "Link process to subscription",
        "Set subscription status active",
        "Mark subscription in sync",
        "Done",
    ]
    assert plans["modify_test_router"] == [
        "Start",
        "Link process to subscription",
        "Mark subscription out of sync",
        "Describe router",
        "Mark subscription in sync",
        "Done",
    ]
    assert plans["terminate_test_router"] == [
        "Start",
        "Link process to subscription",
        "Mark subscription out of sync",
        "Decommission router",
        "Set subscription status terminated",
        "Mark subscription in sync",
        "Done",
    ]
    assert plans["validate_test_router"][:3] == [
        "Start",
        "Link process to subscription",
        "Mark subscription out of sync",
    ]
    assert plans["validate_test_router"][-2:] == ["Mark subscription in sync", "Done"]
    assert plans["reconcile_test_router"] == [
        "Start",
        "Link process to subscription",
        "Mark subscription out of sync",
        "Repair router description",
        "Mark subscription in sync",
        "Done",
    ]
    # modify note changes nothing outside the orchestrator: it leaves the sync flag alone.
    assert plans["modify_note"] == ["Start", "Link process to subscription", "Store note", "Done"]


def test_a_subscription_workflow_must_say_which_products_it_serves():
    from lifecycle.subscription_workflows import modify_workflow

    with pytest.raises(TypeError, match="say which products the workflow serves"):
        modify_workflow("No products", products=[])


def test_workflows_are_linked_to_the_products_they_serve_on_migrate():
    def offered(key):
        return set(Workflow.objects.get(key=key).products.values_list("name", flat=True))

    assert offered("create_test_router") == {"test router A", "test router B"}
    assert offered("reconcile_test_router") == {"test router A"}  # named by product
    assert offered("validate_test_vlan") == {"test vlan"}
    assert offered("modify_note") == set(Product.objects.filter(in_code=True).values_list("name", flat=True))


# --- Create ---------------------------------------------------------------------------------


def test_create_asks_for_the_product_first_offering_only_the_workflows_products():
    with pytest.raises(FormNotComplete) as first:
        ops.start_process("create_test_router", [], actor=TESTS)
    schema = first.value.form
    routers = Product.objects.filter(product_type="Router").order_by("name")
    assert schema["title"] == "Product" and schema["required"] == ["product", "customer_id"]
    assert schema["properties"]["product"]["enum"] == [str(p.pk) for p in routers]
    assert "default" not in schema["properties"]["product"]  # two products: no preselection

    with pytest.raises(FormNotComplete) as single:
        ops.start_process("create_test_vlan", [], actor=TESTS)
    vlan = Product.objects.get(name="test vlan")
    assert single.value.form["properties"]["product"]["default"] == vlan.pk  # the only one: preselected

    interface = Product.objects.get(name="test interface 10G")
    assert_refused_and_nothing_written(
        lambda: ops.start_process(
            "create_test_router",
            [{"product": interface.pk, "customer_id": surf()}, {"router_name": "x", "site_id": 1}],
            actor=TESTS,
        ),
        "product",
        "Not a product create_test_router creates",
    )


def test_create_runs_to_an_active_in_sync_subscription_linked_to_its_process(inline_engine):
    product = Product.objects.get(name="test router B")
    process = ops.start_process(
        "create_test_router",
        [{"product": product.pk, "customer_id": surf()}, {"router_name": "rt-new", "site_id": 4}],
        actor=person("admin"),
    )
    inline_engine.drain()
    process = finished(process)
    assert process.status == "completed", process.failed_reason
    router = load_subscription(process.state["subscription"])
    assert (router.product, router.status, router.insync) == (product, "active", True)
    assert router.router.router_name == "rt-new" and router.router.ims_id == 4000
    assert router.start_date is not None
    assert list(
        ProcessSubscription.objects.filter(process=process).values_list("subscription_id", flat=True)
    ) == [router.pk]
    statuses = list(router.history.order_by("history_date").values_list("status", "history_step"))
    assert statuses[0] == ("initial", "Construct router")
    assert ("provisioning", "Ensure provisioning status") in statuses
    assert ("active", "Set subscription status active") in statuses


def test_a_create_whose_blocks_are_incomplete_fails_naming_the_missing_fields(inline_engine):
    product = Product.objects.get(name="test router A")
    process = ops.start_process(
        "create_test_router",
        [{"product": product.pk, "customer_id": surf()}, {"router_name": "rt-x", "site_id": 999}],
        actor=TESTS,
    )
    inline_engine.drain()
    process = finished(process)
    assert process.status == "failed" and process.last_step == "Set subscription status active"
    assert (
        "cannot become active: 'router rt-x status active' is missing ims_id, nrm_id" in process.failed_reason
    )
    assert Subscription.objects.get(pk=process.state["subscription"]).insync is False


# --- Modify, terminate ---------------------------------------------------------------------------


def test_modify_asks_for_the_subscription_then_runs_the_standard_steps(inline_engine):
    router = factories.router()
    with pytest.raises(FormNotComplete) as first:
        ops.start_process("modify_test_router", [], actor=TESTS)
    properties = first.value.form["properties"]
    assert str(router.pk) in properties["subscription_id"]["enum"]
    assert properties["version"]["type"] == "integer" and "version" not in first.value.form["required"]

    process = start_modify(router, "edge router", version=router.version)
    assert ProcessSubscription.objects.filter(
        process=process, subscription=router
    ).exists()  # linked at start
    inline_engine.drain()
    process = finished(process)
    assert process.status == "completed", process.failed_reason
    assert process.state["version"] == router.version
    router = load_subscription(router.pk)
    assert router.router.router_description == "edge router" and router.insync and router.status == "active"
    insync_trail = list(router.history.order_by("history_date").values_list("insync", "history_step"))
    marks = [row for row in insync_trail if row[1].startswith("Mark")]
    assert marks == [(False, "Mark subscription out of sync"), (True, "Mark subscription in sync")]
    assert insync_trail[-1] == (True, "Mark subscription in sync")


def test_a_subscription_of_another_product_is_not_a_choice():
    interface = factories.interface(on=factories.router())
    assert_refused_and_nothing_written(
        lambda: start_modify(interface),
        "subscription_id",
        "No such subscription of a product modify_test_router serves",
    )


def test_a_stale_version_is_refused_and_nothing_written():
    router = factories.router()
    read = router.version
    router.note = "someone else was here"
    router.save()
    assert_refused_and_nothing_written(
        lambda: start_modify(router, version=read),
        "version",
        f"the form showed version {read}, it is now at version {read + 1}",
    )


def test_modify_of_an_out_of_sync_or_inactive_subscription_is_refused_with_every_reason():
    router = factories.router(status="provisioning")
    Subscription.objects.filter(pk=router.pk).update(insync=False)
    messages = assert_refused_and_nothing_written(lambda: start_modify(router), "subscription_id")
    assert any("the subscription is provisioning; modify_test_router needs it active" in m for m in messages)
    assert any("the subscription is out of sync" in m and "modify_note" in m for m in messages)


def test_terminate_is_refused_while_live_subscriptions_use_the_subscription(inline_engine):
    router = factories.router()
    factories.interface(on=router, name="eth7")
    assert_refused_and_nothing_written(
        lambda: ops.start_process(
            "terminate_test_router", [{"subscription_id": str(router.pk)}], actor=TESTS
        ),
        "subscription_id",
        "in use by live subscriptions: interface eth7 on",
    )


def test_terminate_runs_to_terminated_in_sync(inline_engine):
    router = factories.router(status="provisioning")  # terminate may start on provisioning ones
    process = ops.start_process("terminate_test_router", [{"subscription_id": str(router.pk)}], actor=TESTS)
    inline_engine.drain()
    assert finished(process).status == "completed", finished(process).failed_reason
    router = load_subscription(router.pk)
    assert (router.status, router.insync, router.router.router_status) == (
        "terminated",
        True,
        "decommissioned",
    )
    assert router.end_date is not None


# --- The running-process lock ------------------------------------------------------------------


def test_a_second_workflow_is_refused_while_an_unfinished_process_holds_the_subscription(inline_engine):
    router = factories.router()
    first = start_modify(router)  # queued, not run: it holds the subscription already
    messages = assert_refused_and_nothing_written(
        lambda: start_modify(router, "second"),
        "subscription_id",
        "an unfinished process holds the subscription",
    )
    assert any(f"modify_test_router process {first.pk} (created)" in m for m in messages)
    # The check repeated inside the start transaction (on the locked row) refuses too.
    with pytest.raises(SubscriptionWorkflowRefused, match="an unfinished process holds the subscription"):
        check_start(get_workflow("terminate_test_router"), {"subscription_id": str(router.pk)})
    inline_engine.drain()
    assert finished(first).status == "completed"
    second = start_modify(load_subscription(router.pk), "second")  # released once completed
    inline_engine.drain()
    assert finished(second).status == "completed"


# --- Validate, reconcile, modify note ---------------------------------------------------------


def test_failed_validation_leaves_the_subscription_out_of_sync_and_held(inline_engine):
    router = factories.router()
    router.router.router_description = "broken optics"
    router.save()
    process = ops.start_process("validate_test_router", [{"subscription_id": str(router.pk)}], actor=TESTS)
    inline_engine.drain()
    process = finished(process)
    assert process.status == "inconsistent_data" and "is broken" in process.failed_reason
    assert Subscription.objects.get(pk=router.pk).insync is False
    by_key = {w.key: w for w in workflows_for_subscription(Subscription.objects.get(pk=router.pk))}
    assert not by_key["reconcile_test_router"].allowed  # out of sync is fine for reconcile, being held is not
    assert (
        by_key["reconcile_test_router"].reasons == (by_key["reconcile_test_router"].reasons[0],)
        and "holds the subscription" in by_key["reconcile_test_router"].reason
    )

    ops.abort_process(process.pk, actor=person("operator"))
    reconcile = ops.start_process("reconcile_test_router", [{"subscription_id": str(router.pk)}], actor=TESTS)
    inline_engine.drain()
    assert finished(reconcile).status == "completed", finished(reconcile).failed_reason
    router = load_subscription(router.pk)
    assert router.insync and router.router.router_description == "repaired optics"
    validate = ops.start_process("validate_test_router", [{"subscription_id": str(router.pk)}], actor=TESTS)
    inline_engine.drain()
    assert finished(validate).status == "completed" and Subscription.objects.get(pk=router.pk).insync


def test_modify_note_runs_on_an_out_of_sync_subscription_and_leaves_it_out_of_sync(inline_engine):
    router = factories.router()
    Subscription.objects.filter(pk=router.pk).update(insync=False)
    assert_refused_and_nothing_written(lambda: start_modify(router), "subscription_id", "out of sync")
    process = ops.start_process(
        "modify_note", [{"subscription_id": str(router.pk)}, {"note": "optics swapped"}], actor=TESTS
    )
    inline_engine.drain()
    assert finished(process).status == "completed", finished(process).failed_reason
    reread = Subscription.objects.get(pk=router.pk)
    assert (reread.note, reread.insync) == ("optics swapped", False)


# --- The list of workflows for a subscription -----------------------------------------------------


def test_workflows_for_subscription_lists_every_workflow_of_its_product_with_reasons():
    router = factories.router()
    factories.interface(on=router, name="eth1")
    listed = workflows_for_subscription(router)
    assert [w.key for w in listed] == [
        "create_test_router",
        "modify_note",
        "modify_test_router",
        "terminate_test_router",
        "validate_test_router",
        "reconcile_test_router",
    ]
    by_key = {w.key: w for w in listed}
    assert {k for k, w in by_key.items() if w.allowed} == {
        "modify_note",
        "modify_test_router",
        "validate_test_router",
        "reconcile_test_router",
    }
    assert "does not start on an existing one" in by_key["create_test_router"].reason
    assert by_key["terminate_test_router"].reasons == (
        "the subscription is in use by live subscriptions: interface eth1 on rt"
        + router.router.router_name[2:],
    )

    other = factories.router()
    Subscription.objects.filter(pk=other.pk).update(product=Product.objects.get(name="test router B"))
    keys_b = [w.key for w in workflows_for_subscription(Subscription.objects.get(pk=other.pk))]
    assert "reconcile_test_router" not in keys_b  # offered for router A only


# --- Set in sync ------------------------------------------------------------------------------


def test_set_in_sync_is_refused_while_a_process_holds_the_subscription(inline_engine):
    from lifecycle.subscription_operations import SubscriptionHeld, set_in_sync

    router = factories.router()
    router.router.router_description = "broken"
    router.save()
    process = ops.start_process("validate_test_router", [{"subscription_id": str(router.pk)}], actor=TESTS)
    inline_engine.drain()
    assert finished(process).status == "inconsistent_data"
    version = Subscription.objects.get(pk=router.pk).version
    with pytest.raises(
        SubscriptionHeld, match=f"validate_test_router process {process.pk} \\(inconsistent_data\\)"
    ):
        set_in_sync(router.pk, actor=person("operator"))
    assert Subscription.objects.get(pk=router.pk).version == version  # nothing written

    ops.abort_process(process.pk, actor=person("operator"))
    assert set_in_sync(router.pk, actor=person("operator")).insync is True
    latest = Subscription.objects.get(pk=router.pk).history.order_by("-history_date").first()
    assert latest.insync is True and latest.history_step == "set in sync by operator"
    assert set_in_sync(router.pk, actor=TESTS).version == latest.version  # already in sync: nothing to write


# --- Per-workflow gating overrides -------------------------------------------------------------


@pytest.fixture
def scratch_registry(monkeypatch):
    """Workflows declared inside a test vanish with it."""
    import importlib

    registry_module = importlib.import_module("engine.workflow")
    monkeypatch.setattr(registry_module, "_registry", dict(registry_module._registry))


def test_usable_states_and_blocked_while_in_use_overrides(scratch_registry):
    from engine import begin
    from lifecycle.subscription_workflows import modify_workflow
    from tests.testproducts.product_types.router import Router

    @modify_workflow(
        "Re-enable router", products=[Router], usable_states=["disabled"], blocked_while_in_use=True
    )
    def reenable_test_router():
        return begin

    router = factories.router(status="disabled")
    factories.interface(on=router, name="eth5")
    by_key = {w.key: w for w in workflows_for_subscription(router)}
    assert by_key["modify_test_router"].reasons == (
        "the subscription is disabled; modify_test_router needs it active",
    )
    assert by_key["reenable_test_router"].reasons == (
        f"the subscription is in use by live subscriptions: interface eth5 on {router.router.router_name}",
    )


def test_workflows_for_subscription_costs_a_fixed_number_of_queries(django_assert_num_queries):
    router = factories.router()
    for _ in range(3):
        factories.interface(on=router)
    subscription = Subscription.objects.select_related("product").get(pk=router.pk)
    with django_assert_num_queries(2):  # its live users; the unfinished processes holding it
        listed = workflows_for_subscription(subscription)
    assert len(listed) == 6


def test_a_workflow_offered_for_an_undeclared_product_fails_loudly(scratch_registry):
    from django.core.exceptions import ImproperlyConfigured

    from engine import begin
    from engine.sync import sync_workflows
    from lifecycle.gating import offered_product_names
    from lifecycle.subscription_workflows import modify_workflow

    @modify_workflow("Typo", products=["test rooter A"])
    def modify_with_a_typo():
        return begin

    message = "offered for product 'test rooter A', which is not declared; declared products: "
    with pytest.raises(ImproperlyConfigured, match=message):
        offered_product_names(modify_with_a_typo)
    with pytest.raises(ImproperlyConfigured, match=message):
        sync_workflows()  # so `migrate` stops and says so


# --- Sub-workflows ------------------------------------------------------------------------------


def test_subscription_workflows_started_as_sub_workflows_are_gated_and_linked(inline_engine):
    free, held = factories.router(), factories.router()
    holder = start_modify(held)  # queued: holds `held`

    blocked = ops.start_process(
        "task_modify_test_routers", [{"router_ids": [str(free.pk), str(held.pk)]}], actor=TESTS
    )
    inline_engine.queued.remove(str(holder.pk))
    inline_engine.drain()
    blocked = finished(blocked)
    assert (
        blocked.status == "failed" and "an unfinished process holds the subscription" in blocked.failed_reason
    )
    assert not Process.objects.filter(parent=blocked).exists()  # all or nothing: no child started

    from engine.runner import run_process

    bulk = ops.start_process("task_modify_test_routers", [{"router_ids": [str(free.pk)]}], actor=TESTS)
    run_process(inline_engine.queued.pop(0))  # the parent only: it starts the child and waits
    [child] = Process.objects.filter(parent=bulk)
    assert child.status == "created"
    assert ProcessSubscription.objects.filter(
        process=child, subscription=free
    ).exists()  # held from the start
    inline_engine.drain()
    assert finished(bulk).status == "completed", finished(bulk).failed_reason
    assert load_subscription(free.pk).router.router_description == "bulk"
