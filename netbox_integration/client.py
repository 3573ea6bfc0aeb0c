"""The one configured pynetbox client, and the translation of its failures into ours.

Settings are read on every call (not at import) so a test session that brings the
sandbox up after Django started, or points NETBOX_URL elsewhere, is honoured; the client
itself is cached per (url, token, timeout) so its HTTP connections are reused.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import pynetbox
import requests
from django.conf import settings

from .errors import NetBoxNotConfigured, NetBoxRequestFailed, NetBoxUnavailable, NoFreeSpace

# Statuses a proxy or a restarting NetBox answers with: the request did not run, retry later.
UNAVAILABLE_STATUSES = {502, 503, 504}


class _SessionWithTimeout(requests.Session):
    """pynetbox has no timeout of its own; without one a hung NetBox hangs the worker forever."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(*args, **kwargs)


@lru_cache(maxsize=8)
def _client(url: str, token: str, timeout: float) -> pynetbox.api:
    api = pynetbox.api(url, token=token)
    api.http_session = _SessionWithTimeout(timeout)
    return api


def netbox() -> pynetbox.api:
    """The client for settings.NETBOX_URL with settings.NETBOX_TOKEN (the full `nbt_…` v2 token)."""
    url, token = settings.NETBOX_URL, settings.NETBOX_TOKEN
    if not url or not token:
        raise NetBoxNotConfigured()
    return _client(url.rstrip("/"), token, float(settings.NETBOX_TIMEOUT))


def netbox_message(error: pynetbox.RequestError) -> str:
    """NetBox's explanation, flattened: `field: message; other: message` or its `detail`."""
    try:
        body = error.req.json()
    except ValueError:
        return (error.req.text or error.req.reason or "no explanation").strip()[:500]
    return _flatten(body)


def _flatten(body) -> str:
    if isinstance(body, dict):
        if set(body) == {"detail"}:
            return str(body["detail"])
        return "; ".join(f"{key}: {_flatten(value)}" for key, value in body.items())
    if isinstance(body, list):
        return "; ".join(_flatten(item) for item in body if item)
    return str(body) if not isinstance(body, (int, float)) else json.dumps(body)


@contextmanager
def translated_errors(action: str, subject: str) -> Iterator[None]:
    """Turn requests/pynetbox failures into NetBoxUnavailable, NoFreeSpace or NetBoxRequestFailed."""
    try:
        yield
    except (requests.ConnectionError, requests.Timeout) as error:
        raise NetBoxUnavailable(action, subject, settings.NETBOX_URL, type(error).__name__) from error
    except pynetbox.AllocationError as error:
        raise NoFreeSpace(subject) from error
    except pynetbox.RequestError as error:
        status = error.req.status_code
        if status in UNAVAILABLE_STATUSES:
            raise NetBoxUnavailable(action, subject, settings.NETBOX_URL, f"HTTP {status}") from error
        raise NetBoxRequestFailed(action, subject, status, netbox_message(error)) from error
    except pynetbox.ContentError as error:
        raise NetBoxRequestFailed(action, subject, error.req.status_code, error.error) from error
