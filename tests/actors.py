"""Who acts in tests that are not about permissions (tests/engine/test_permissions_at_every_door.py
has those).

`person("alice")` is a user who may run every workflow, so a test can check that her name
is recorded; `TESTS` is a system identity for tests that do not care who acts."""

from django.contrib.auth.models import User

from engine.actors import SystemActor

TESTS = SystemActor("tests")


def person(username: str) -> User:
    user, _ = User.objects.get_or_create(username=username, defaults={"is_superuser": True, "is_staff": True})
    return user
