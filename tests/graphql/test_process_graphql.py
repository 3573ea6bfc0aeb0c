"""GraphQL processes, workflows (with mayRun), products and customers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engine.operations import start_process
from tests.actors import TESTS, person
from tests.api.conftest import grant, token_client
from tests.graphql.conftest import GraphQL
from tests.testproducts import factories

pytestmark = pytest.mark.django_db


def test_processes_page_with_steps_delta_and_waiting_form(graphql, inline_engine, effects_table):
    done = start_process("task_effects", [{"sleep_seconds": 0}], actor=person("ada"))
    waiting = start_process("task_suspend", [], actor=person("bob"))
    inline_engine.drain()
    query = """query($status: [String]) {
      processes(status: $status, sortBy: ["started_at"]) {
        page { id workflowKey status createdBy form steps { name status delta } currentState }
        pageInfo { totalItems }
      }
    }"""
    result = graphql(query, {"status": ["suspended"]})["processes"]
    assert result["pageInfo"]["totalItems"] == 1
    (process,) = result["page"]
    assert process["id"] == str(waiting.pk) and process["workflowKey"] == "task_suspend"
    assert process["form"]["title"] == "Confirm"
    assert process["steps"][1] == {"name": "Effect one", "status": "success", "delta": {"one": 1}}

    single = graphql("query($id: UUID!) { process(id: $id) { status currentState } }", {"id": str(done.pk)})
    assert single["process"]["status"] == "completed" and single["process"]["currentState"]["three"] == 3
    body = graphql.post('{ processes(workflow: "x", startedAfter: "yesterday") { page { id } } }').json()
    assert "errors" in body


def test_workflows_say_whether_the_caller_may_run_them(viewer_user):
    client = GraphQL(token_client(grant(viewer_user, "workflows.run_task_effects")))
    items = {w["key"]: w for w in client("{ workflows(isTask: true) { key target mayRun } }")["workflows"]}
    assert items["task_effects"]["mayRun"] is True
    assert items["task_suspend"]["mayRun"] is False
    assert all(w["target"] == "SYSTEM" for w in items.values())


def test_products_with_fixed_inputs_and_workflows(graphql):
    products = graphql(
        '{ products(tag: "TROUTER") { name productType fixedInputs { name value } workflows { key } } }'
    )["products"]
    assert [p["name"] for p in products] == ["test router A", "test router B"]
    assert products[0]["fixedInputs"] == [{"name": "vendor", "value": "A"}]
    assert "modify_test_router" in [w["key"] for w in products[0]["workflows"]]


def test_customers(graphql):
    names = [c["name"] for c in graphql("{ customers { name shortCode } }")["customers"]]
    assert names == ["ESnet", "GÉANT", "SURF"]


def test_processes_name_their_subscriptions_as_their_product_types_in_bounded_queries(graphql, inline_engine):
    query = """{ processes(workflow: "modify_test_router") { page { id
        subscriptions { id productType ... on RouterSubscription { router { routerName } } } } } }"""

    def modify_routers(count):
        for _ in range(count):
            router = factories.router()
            start_process(
                "modify_test_router", [{"subscription_id": str(router.pk)}, {"description": "x"}], actor=TESTS
            )
        with CaptureQueriesContext(connection) as queries:
            page = graphql(query)["processes"]["page"]
        return page, len(queries)

    (first,), few = modify_routers(1)
    (subscription,) = first["subscriptions"]
    assert subscription["productType"] == "Router" and subscription["router"]["routerName"].startswith("rt")
    page, many = modify_routers(9)
    assert len(page) == 10 and all(len(p["subscriptions"]) == 1 for p in page)
    assert many == few
