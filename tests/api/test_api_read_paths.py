"""The read paths made cheap for big tables: `count` from PostgreSQL's estimate for an
unfiltered listing of a big table (exact otherwise), `?search=` matching across related
tables by id lists, and a constant number of statements per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.api import pagination
from subscriptions.models import Customer
from tests.testproducts import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def routers():
    return [factories.router(name=f"rt-{i}") for i in range(4)]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.fail(
            "This test sets PostgreSQL's row estimate (pg_class): run it with DATABASE_URL=postgres://…"
        )


def postgresql_only(test):
    """The estimate is PostgreSQL's (elsewhere counts are exact): the SQLite run leaves these out."""
    return pytest.mark.integration(pytest.mark.usefixtures("postgresql")(test))


def analyze_subscriptions():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE subscriptions_subscription")


def test_small_tables_count_exactly(viewer, routers):
    assert viewer.get("/api/subscriptions/").json()["count"] == 4


@postgresql_only
def test_big_unfiltered_listing_takes_the_estimate(viewer, routers, monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 0)
    with connection.cursor() as cursor:  # a deliberately wrong estimate, to see which count is used
        cursor.execute(
            "UPDATE pg_class SET reltuples = 12345 WHERE oid = 'subscriptions_subscription'::regclass"
        )
    assert viewer.get("/api/subscriptions/").json()["count"] == 12345
    # Any filter or search: exact.
    assert viewer.get("/api/subscriptions/?status=active").json()["count"] == 4
    assert viewer.get("/api/subscriptions/?search=rt-").json()["count"] == 4
    analyze_subscriptions()
    assert viewer.get("/api/subscriptions/").json()["count"] == 4


def test_search_matches_related_fields_and_every_term(viewer, routers):
    customer = Customer.objects.get(pk=routers[0].customer_id)

    def found(term):
        return {s["description"] for s in viewer.get(f"/api/subscriptions/?search={term}").json()["results"]}

    everything = {r.description for r in routers}
    assert found(customer.short_code) == everything  # through customer
    assert found(routers[0].product.name) == everything  # through product
    assert found(f"{routers[2].description.split()[-1]}") == {routers[2].description}
    assert found(f"{customer.short_code} {routers[1].description.split()[-1]}") == {routers[1].description}
    assert found("no-such-thing") == set()


def test_statements_per_page_do_not_grow_with_rows(viewer, routers):
    with CaptureQueriesContext(connection) as few:
        viewer.get("/api/subscriptions/?page_size=100")
    for i in range(6):
        factories.router(name=f"rt-more-{i}")
    with CaptureQueriesContext(connection) as more:
        assert len(viewer.get("/api/subscriptions/?page_size=100").json()["results"]) == 10
    assert len(more.captured_queries) == len(few.captured_queries)


@postgresql_only
def test_with_an_estimate_next_comes_from_the_rows(viewer, routers, monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 0)
    with connection.cursor() as cursor:  # the estimate says 2 rows; there are 4
        cursor.execute("UPDATE pg_class SET reltuples = 2 WHERE oid = 'subscriptions_subscription'::regclass")
    first = viewer.get("/api/subscriptions/?page_size=3").json()
    assert first["count"] == 2 and len(first["results"]) == 3 and first["next"]
    second = viewer.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert {s["id"] for s in first["results"] + second["results"]} == {str(r.pk) for r in routers}
    assert viewer.get("/api/subscriptions/?page_size=3&page=3").status_code == 404
    assert viewer.get("/api/subscriptions/?page=0").status_code == 404
