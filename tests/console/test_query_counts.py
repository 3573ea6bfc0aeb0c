"""The console's pages issue a bounded number of queries: the same with a little data
as with more, and never above the baseline asserted here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engine import operations as ops
from tests.actors import TESTS
from tests.testproducts import factories

pytestmark = pytest.mark.django_db

# Baselines (measured: 9, 13–15, 8 and 6 queries, with the session and user). Raise one only with
# a reason (a new section on the page), never to make a test pass.
SUBSCRIPTION_LIST_MAX = 10
SUBSCRIPTION_PAGE_MAX = 16
PROCESS_PAGE_MAX = 9
START_PAGE_MAX = 7


def queries(client, url) -> int:
    client.get(url)  # warm: sessions, content types and the like are cached after the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_vlans(count: int):
    router = factories.router()
    vlans = []
    for _ in range(count):
        interfaces = [factories.interface(router) for _ in range(2)]
        vlans.append(factories.vlan(interfaces))
    return router, vlans


def test_subscription_list(admin_client):
    url = reverse("admin:subscriptions_subscription_changelist")
    add_vlans(1)
    few = queries(admin_client, url)
    add_vlans(5)
    assert queries(admin_client, url) == few <= SUBSCRIPTION_LIST_MAX
    assert queries(admin_client, url + "?q=eth") <= SUBSCRIPTION_LIST_MAX


def test_subscription_page(admin_client):
    router, vlans = add_vlans(1)
    few = queries(admin_client, reverse("admin:subscriptions_subscription_change", args=[router.pk]))
    router_many, _ = add_vlans(6)  # a router used by 12 interfaces
    many = queries(admin_client, reverse("admin:subscriptions_subscription_change", args=[router_many.pk]))
    assert many == few <= SUBSCRIPTION_PAGE_MAX
    vlan_page = queries(admin_client, reverse("admin:subscriptions_subscription_change", args=[vlans[0].pk]))
    assert vlan_page <= SUBSCRIPTION_PAGE_MAX


def test_process_page(admin_client, inline_engine, effects_table):
    short = ops.start_process("task_effects", [{"sleep_seconds": 0}], actor=TESTS)
    inline_engine.drain()
    few = queries(admin_client, reverse("admin:workflows_process_change", args=[short.pk]))
    long = ops.start_process("task_parallel", [], actor=TESTS)
    inline_engine.drain()
    more = queries(admin_client, reverse("admin:workflows_process_change", args=[long.pk]))
    assert more == few <= PROCESS_PAGE_MAX


def test_start_page(admin_client, inline_engine, effects_table):
    url = reverse("admin:index")
    ops.start_process("task_fail_until_fixed", [], actor=TESTS)
    inline_engine.drain()
    few = queries(admin_client, url)
    add_vlans(3)
    for _ in range(3):
        ops.start_process("task_fail_until_fixed", [], actor=TESTS)
    inline_engine.drain()
    assert queries(admin_client, url) == few <= START_PAGE_MAX
