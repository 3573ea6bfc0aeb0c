"""Built-in workflows and tasks: modify note everywhere, validate all subscriptions, validate catalogue."""

import pytest

from engine import operations as ops
from engine.models import Process, ProcessSubscription, Workflow
from engine.workflow import _registry, get_workflow
from products.models import Product
from subscriptions.models import Subscription
from tests.actors import TESTS, person
from tests.testproducts import factories
from workflows.tasks import validate_catalogue

pytestmark = pytest.mark.django_db


def finished(process) -> Process:
    return Process.objects.get(pk=process.pk)


def test_modify_note_is_offered_for_every_product_and_changes_only_the_note(inline_engine):
    assert (
        Workflow.objects.get(key="modify_note").products.count()
        == Product.objects.filter(in_code=True).count()
    )
    vlan = factories.vlan(on=[factories.interface(on=factories.router()) for _ in range(2)])
    process = ops.start_process(
        "modify_note", [{"subscription_id": str(vlan.pk)}, {"note": "customer asked twice"}], actor=TESTS
    )
    inline_engine.drain()
    assert finished(process).status == "completed", finished(process).failed_reason
    vlan_after = Subscription.objects.get(pk=vlan.pk)
    assert (vlan_after.note, vlan_after.insync, vlan_after.status) == ("customer asked twice", True, "active")
    assert vlan_after.history.order_by("-history_date").first().history_step == "Store note"


def test_validate_all_subscriptions_starts_each_active_subscriptions_validate(inline_engine):
    routers = [factories.router() for _ in range(3)]
    interface = factories.interface(on=routers[0])
    factories.router(status="provisioning")  # not active: not validated
    Subscription.objects.filter(pk=routers[2].pk).update(insync=False)  # refused, listed with the reason

    task = ops.start_process("task_validate_all_subscriptions", [], actor=person("night"))
    inline_engine.drain()
    task = finished(task)
    assert task.status == "completed", task.failed_reason
    assert task.state["validations_started"] == 3
    [refused] = task.state["validations_refused"]
    assert refused["subscription"] == str(routers[2].pk) and "out of sync" in refused["reason"]
    validations = Process.objects.filter(
        workflow__key__in=["validate_test_router", "validate_test_interface"]
    )
    assert validations.count() == 3 and all(p.status == "completed" for p in validations)
    assert set(
        ProcessSubscription.objects.filter(process__in=validations).values_list("subscription_id", flat=True)
    ) == {routers[0].pk, routers[1].pk, interface.pk}
    assert all(p.created_by == "system:validate_all" for p in validations)  # the task starts them


def test_the_nightly_schedule_starts_the_task():
    from django_q.models import Schedule

    from workflows.tasks.validate_subscriptions import start_nightly_validation

    schedule = Schedule.objects.get(name="Validate all subscriptions")
    assert schedule.func == "workflows.tasks.validate_subscriptions.start_nightly_validation"
    process = Process.objects.get(pk=start_nightly_validation())
    assert (
        process.workflow.key == "task_validate_all_subscriptions" and process.created_by == "system:scheduler"
    )


def test_validate_catalogue_finds_nothing_wrong_with_the_test_products(inline_engine):
    factories.vlan(on=[factories.interface(on=factories.router()) for _ in range(2)])
    problems = (
        validate_catalogue.product_problems()
        + validate_catalogue.workflow_problems()
        + validate_catalogue.coverage_problems()
        + validate_catalogue.subscription_problems()[0]
    )
    assert [p for p in problems if "test " in p] == []
    process = ops.start_process("task_validate_catalogue", [], actor=TESTS)
    inline_engine.drain()
    process = finished(process)
    if problems:  # the catalogue of the real products is someone else's: then the task must report it
        assert process.status == "inconsistent_data" and problems[0] in process.failed_reason
    else:
        assert process.status == "completed", process.failed_reason
        assert process.state["catalogue"]["subscriptions_loaded"] == 5


def test_validate_catalogue_reports_code_and_database_differences(inline_engine, monkeypatch):
    Product.objects.filter(name="test router A").update(tag="WRONG")
    Workflow.objects.get(key="validate_test_vlan").products.clear()
    Workflow.objects.create(key="ghost_workflow", description="gone", target="MODIFY")
    monkeypatch.delitem(_registry, "terminate_test_interface")
    broken = factories.router()
    retired = Product.objects.create(name="retired", product_type="Retired", tag="OLD", in_code=False)
    Subscription.objects.filter(pk=broken.pk).update(product=retired)  # its product type is gone from code

    process = ops.start_process("task_validate_catalogue", [], actor=TESTS)
    inline_engine.drain()
    process = finished(process)
    assert process.status == "inconsistent_data"
    for expected in (
        "product 'test router A': tag is 'WRONG' in the database, 'TROUTER' in code",
        "workflow 'validate_test_vlan' serves [] in the database, ['test vlan'] in code",
        "workflow 'ghost_workflow' is in the database but no longer declared in code",
        "product 'test interface 10G' has no terminate workflow",
        f"subscription {broken.pk} does not load: LookupError: No product type 'Retired' is declared in code",
    ):
        assert expected in process.failed_reason, (expected, process.failed_reason)
    assert get_workflow("validate_test_vlan")  # the registry itself is untouched


def test_every_create_workflow_links_its_process_to_the_subscription_once():
    """The create decorator adds the link step; a workflow that lists it too ran it twice."""
    from engine.workflow import Target, all_workflows

    creates = [d for d in all_workflows().values() if d.target == Target.CREATE]
    assert creates
    for definition in creates:
        names = [step.name for step in definition.steps.steps]
        assert names.count("Link process to subscription") == 1, (definition.key, names)
