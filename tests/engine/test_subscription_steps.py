import pytest

import tests.subscription_workflows  # noqa: F401
from engine import operations as ops
from engine.models import Process
from subscriptions.tree import load_subscription
from tests.actors import person
from tests.testproducts import factories

pytestmark = pytest.mark.django_db


def test_a_step_loads_a_typed_subscription_saves_it_and_history_names_process_and_step(inline_engine):
    router = factories.router()
    process = ops.start_process(
        "task_describe_router",
        [{"subscription": str(router.pk), "description": "core router"}],
        actor=person("admin"),
    )
    inline_engine.drain()
    process = Process.objects.get(pk=process.pk)
    assert process.status == "completed", process.failed_reason
    assert process.state["subscription"] == str(router.pk)  # stored as its id
    block = load_subscription(router.pk).router
    assert block.router_description == "core router"
    latest = block.history.order_by("-history_date").first()
    assert latest.history_process_id == str(process.pk) and latest.history_step == "Describe router"


def test_a_subscription_of_another_type_is_refused_with_a_clear_error(inline_engine):
    interface = factories.interface(on=factories.router())
    process = ops.start_process(
        "task_describe_router",
        [{"subscription": str(interface.pk), "description": "x"}],
        actor=person("admin"),
    )
    inline_engine.drain()
    process = Process.objects.get(pk=process.pk)
    assert process.status == "failed" and "parameter 'subscription' expects Router" in process.failed_reason
