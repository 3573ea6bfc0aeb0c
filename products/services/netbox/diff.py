"""Readable differences between what a subscription says NetBox holds and what it holds."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from netbox_integration.payloads import NetBoxPayload

Explain = Mapping[str, Callable[[Any], str]]


def differences(
    subject: str, expected: dict[str, Any], actual: NetBoxPayload | None, explain: Explain | None = None
) -> list[str]:
    """One line per field that differs: `interface ethernet-1/1 of rt1: description is 'x' in NetBox,
    expected 'y'`; one line when the object is gone. `explain` says what a field's value is, for
    values a person cannot read (an interface id: `b_interface is 812 (ethernet-1/2 of rt2) …`)."""
    if actual is None:
        return [f"{subject}: missing in NetBox"]
    explain = explain or {}
    lines = []
    for name, wanted in expected.items():
        have = getattr(actual, name)
        if _comparable(have) != _comparable(wanted):
            lines.append(
                f"{subject}: {name} is {_shown(have, explain.get(name))} in NetBox, "
                f"expected {_shown(wanted, explain.get(name))}"
            )
    return lines


def payload_differences(
    expected: NetBoxPayload, actual: NetBoxPayload | None, subject: str = "", explain: Explain | None = None
) -> list[str]:
    """Every compared field of the expected payload (its id and uncompared fields left out)."""
    fields = {
        f.name: getattr(expected, f.name)
        for f in dataclasses.fields(expected)
        if f.compare and f.name != "id"
    }
    return differences(subject or expected.describe(), fields, actual, explain)


def _shown(value, explain: Callable[[Any], str] | None) -> str:
    return f"{value!r} ({explain(value)})" if explain is not None and value is not None else repr(value)


def _comparable(value):
    """Lists of ids compare as sets (NetBox does not keep their order); '' and None are both empty."""
    if isinstance(value, list):
        return sorted(map(repr, value))
    return None if value == "" else value
