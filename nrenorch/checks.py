"""System checks for nrenorch's own settings (`manage.py check`, `check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

HINT = (
    "Set SECRET_KEY to a long random string, the same on every web and worker host, e.g. "
    "python -c 'import secrets; print(secrets.token_urlsafe(50))' (docs/configuration.md)."
)


def _public_key() -> bool:
    return settings.SECRET_KEY in getattr(settings, "PUBLIC_SECRET_KEYS", ())


@register(Tags.security)
def public_secret_key(app_configs=None, **kwargs):
    """Outside a development run the settings refuse to load with a public key, except for
    `manage.py check`: this check is what it reports then (and fails on)."""
    if not _public_key() or settings.NRENORCH_DEVELOPMENT:
        return []
    return [
        Error(
            "SECRET_KEY is not set (or is the example's placeholder): web servers and workers "
            "refuse to start with a key that is public in the repository.",
            hint=HINT,
            id="nrenorch.E001",
        )
    ]


@register(Tags.security, deploy=True)
def development_secret_key(app_configs=None, **kwargs):
    """A development run may use the built-in key; `check --deploy` still says so."""
    if not _public_key() or not settings.NRENORCH_DEVELOPMENT:
        return []
    return [
        Warning(
            "SECRET_KEY is the built-in development key (allowed because NRENORCH_DEVELOPMENT=1 or "
            "runserver/test): anyone can forge sessions and queue payloads signed with it.",
            hint=HINT,
            id="nrenorch.W001",
        )
    ]
