"""Callers of the API: anonymous, a viewer (logged in, no permissions), an operator (may
run every workflow and pause the engine), and clients for any user with an API token."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def grant(user: User, *codenames: str) -> User:
    for codename in codenames:
        app_label, name = codename.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=name))
    return User.objects.get(pk=user.pk)  # a fresh instance: Django caches permissions per instance


def token_client(user: User, keyword: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def viewer_user(db):
    return User.objects.create_user("viewer", password="viewer-password")


@pytest.fixture
def viewer(viewer_user):
    return token_client(viewer_user)


@pytest.fixture
def operator_user(db):
    user = User.objects.create_user("operator", password="operator-password")
    return grant(user, "workflows.run_any_workflow", "workflows.change_enginesettings")


@pytest.fixture
def operator(operator_user):
    return token_client(operator_user)
