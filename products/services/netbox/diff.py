"""Readable differences between what a subscription says NetBox holds and what it holds."""

from __future__ import annotations

import dataclasses
from typing import Any

from netbox_integration.payloads import NetBoxPayload


def differences(subject: str, expected: dict[str, Any], actual: NetBoxPayload | None) -> list[str]:
    """One line per field that differs: `interface ethernet-1/1 of rt1: description is 'x' in NetBox,
    expected 'y'`; one line when the object is gone."""
    if actual is None:
        return [f"{subject}: missing in NetBox"]
    lines = []
    for name, wanted in expected.items():
        have = getattr(actual, name)
        if _comparable(have) != _comparable(wanted):
            lines.append(f"{subject}: {name} is {have!r} in NetBox, expected {wanted!r}")
    return lines


def payload_differences(expected: NetBoxPayload, actual: NetBoxPayload | None, subject: str = "") -> list[str]:
    """Every compared field of the expected payload (its id and uncompared fields left out)."""
    fields = {
        f.name: getattr(expected, f.name) for f in dataclasses.fields(expected) if f.compare and f.name != "id"
    }
    return differences(subject or expected.describe(), fields, actual)


def _comparable(value):
    """Lists of ids compare as sets (NetBox does not keep their order); '' and None are both empty."""
    if isinstance(value, list):
        return sorted(map(repr, value))
    return None if value == "" else value
