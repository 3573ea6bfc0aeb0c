"""schemathesis against /api/schema/: every operation, generated inputs, logged in as an
operator. No 500s, no status codes, content types or bodies the schema does not document.

Bounded: a handful of examples per operation (about a minute for the whole API)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import grant
from tests.testproducts import factories

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(db):
    # The app is called as WSGI inside the test's transaction: keep Django from closing the
    # connection at each request's start and end (its test client does the same).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield _schema_with_data()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _schema_with_data():
    router = factories.router(name="rt-fuzz")
    factories.vlan([factories.interface(router), factories.interface(router)])
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def operator_token(django_user_model):
    from rest_framework.authtoken.models import Token

    user = grant(
        django_user_model.objects.create_user("fuzzer"),
        "workflows.run_any_workflow",
        "workflows.change_enginesettings",
        "subscriptions.change_subscription",
    )
    return Token.objects.create(user=user).key


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_matches_its_schema(case, operator_token):
    case.call_and_validate(headers={"Authorization": f"Token {operator_token}"}, checks=CHECKS)
