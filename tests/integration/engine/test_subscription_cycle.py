"""A test product's life through a real django-q2 worker cluster on PostgreSQL:
create → modify → validate → terminate, and two racing starts on one subscription."""

import threading

import pytest
from django.db import close_old_connections, connection

from engine import operations as ops
from engine.errors import EngineError
from engine.models import Process, ProcessStep, ProcessSubscription
from lifecycle.gating import workflows_for_subscription
from products.models import Product
from subscriptions.models import Customer, Subscription
from subscriptions.tree import load_subscription
from tests.actors import TESTS, person
from tests.integration.engine.conftest import wait_for
from tests.testproducts import factories

pytestmark = pytest.mark.integration


def completes(process, timeout: float = 60) -> Process:
    def done():
        current = Process.objects.get(pk=process.pk)
        if current.status in ("failed", "inconsistent_data", "aborted"):
            raise AssertionError(f"{current.workflow.key} {current.status}: {current.failed_reason}")
        return current if current.status == "completed" else None

    return wait_for(done, timeout, f"process {process.pk} to complete", interval=0.2)


def test_create_modify_validate_terminate_through_the_worker(cluster):
    product = Product.objects.get(name="test router A")
    customer = Customer.objects.get(short_code="ESNET")
    create = completes(
        ops.start_process(
            "create_test_router",
            [{"product": product.pk, "customer_id": customer.pk}, {"router_name": "rt-cycle", "site_id": 12}],
            actor=person("alice"),
        )
    )
    router = load_subscription(create.state["subscription"])
    assert (router.status, router.insync, router.customer, router.router.ims_id) == (
        "active",
        True,
        customer,
        12000,
    )

    modify = completes(
        ops.start_process(
            "modify_test_router",
            [{"subscription_id": str(router.pk), "version": router.version}, {"description": "cycle core"}],
            actor=person("bob"),
        )
    )
    router = load_subscription(router.pk)
    assert router.router.router_description == "cycle core" and router.insync

    validate = completes(
        ops.start_process("validate_test_router", [{"subscription_id": str(router.pk)}], actor=TESTS)
    )
    assert validate.state["checked_status"] == "active" and validate.state["router_checked"] is True

    terminate = completes(
        ops.start_process("terminate_test_router", [{"subscription_id": str(router.pk)}], actor=TESTS)
    )
    router = load_subscription(router.pk)
    assert (router.status, router.insync, router.router.router_status) == (
        "terminated",
        True,
        "decommissioned",
    )
    assert router.end_date is not None

    processes = [create, modify, validate, terminate]
    linked = ProcessSubscription.objects.filter(subscription=router).values_list("process_id", flat=True)
    assert set(linked) == {p.pk for p in processes}
    assert ProcessStep.objects.filter(process__in=processes, status="failed").count() == 0
    # Every change is in the history with the process and step that made it.
    trail = list(
        router.history.order_by("history_date").values_list("status", "insync", "history_process_id")
    )
    assert trail[0] == ("initial", False, str(create.pk))
    assert trail[-1] == ("terminated", True, str(terminate.pk))
    assert {row[2] for row in trail} == {str(p.pk) for p in processes}
    # Terminated: no workflow may start on it any more (not even modify note: it needs active).
    allowed = {w.key for w in workflows_for_subscription(router) if w.allowed}
    assert allowed == set()


def test_two_racing_modify_starts_on_one_subscription_start_one_process(transactional_db):
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL (row locks): run with DATABASE_URL=postgres://…")
    router = factories.router()
    barrier = threading.Barrier(2)
    outcomes = []

    def start(user):
        close_old_connections()
        barrier.wait()
        try:
            ops.start_process(
                "modify_test_router",
                [{"subscription_id": str(router.pk)}, {"description": user}],
                actor=person(user),
            )
            outcomes.append("started")
        except EngineError as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=start, args=(u,)) for u in ("eve", "mallory")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert max(outcomes) == "started", outcomes
    assert "an unfinished process holds the subscription" in min(outcomes), outcomes
    assert Process.objects.filter(workflow__key="modify_test_router").count() == 1
    assert ProcessSubscription.objects.filter(subscription_id=router.pk).count() == 1
    assert Subscription.objects.get(pk=router.pk).insync is True  # nothing ran: no worker here
