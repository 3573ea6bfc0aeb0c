"""Every route under /api/ answers an anonymous GET with 401, except the few open by design.

The routes are walked from Django's resolver, so a new endpoint is covered the day it is
added; one that should be open must be listed in OPEN_BY_DESIGN with its reason."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

OPEN_BY_DESIGN = {
    "metrics": "Prometheus scrapes it without credentials (docs/operations.md); counts, no records",
    "health-live": "liveness probe for the orchestrator's supervisor",
    "health-ready": "readiness probe for the load balancer",
    "api-root": "a map of the endpoints' addresses, no data",
    "schema": "the OpenAPI description clients generate code from",
    "api-docs": "Swagger UI page for the schema",
    "api-redoc": "ReDoc page for the schema",
    "process-callback": "external systems authenticate with the token in the URL, not a login",
    "process-callback-progress": "as the callback: token-authenticated",
    None: "the catch-all that answers 404 for any path that is no endpoint",
}

DUMMY = {"uuid": "00000000-0000-0000-0000-000000000000", "int": "1", "str": "x", "slug": "x", "path": "x"}


def api_routes(patterns=None, prefix=""):
    """(path with dummy parameters, route name) for every pattern below /api/."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from api_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/"):
            route = prefix + str(entry.pattern)
            for kind, value in DUMMY.items():
                route = re.sub(rf"<{kind}:\w+>", value, route)
            if route.startswith("api/^"):  # the catch-all regex
                route = "api/no-such-endpoint/"
            assert "<" not in route, f"add the converter of {route} to DUMMY"
            yield "/" + route, entry.name


ROUTES = list(api_routes())


def test_the_walk_finds_the_api():
    names = {name for _, name in ROUTES}
    assert {"process-list", "subscription-detail", "graphql", "engine-status", "schedule-list"} <= names
    assert set(OPEN_BY_DESIGN) <= names, (
        "an allow-listed route no longer exists: remove it from OPEN_BY_DESIGN"
    )


@pytest.mark.parametrize(
    ("path", "name"), [r for r in ROUTES if r[1] not in OPEN_BY_DESIGN], ids=lambda v: str(v)
)
def test_an_anonymous_read_is_refused_with_401(path, name):
    response = APIClient().get(path)
    assert response.status_code == 401, (path, response.status_code, response.content[:200])
    assert response["WWW-Authenticate"] == "Token"  # says how to authenticate


@pytest.mark.parametrize(
    ("path", "name"), [r for r in ROUTES if r[1] in OPEN_BY_DESIGN], ids=lambda v: str(v)
)
def test_routes_open_by_design_do_not_ask_for_credentials(path, name):
    assert APIClient().get(path).status_code != 401, f"{name} is listed as open: {OPEN_BY_DESIGN[name]}"
