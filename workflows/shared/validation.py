"""The validate workflows' verdict: NetBox agrees with the subscription, or a readable diff."""

from __future__ import annotations

from engine import InconsistentData, State


def verdict(subject: str, differences: list[str]) -> State:
    """Raise InconsistentData naming every difference (the process stops, the subscription
    stays out of sync until a retry passes); otherwise report what was compared."""
    if differences:
        lines = "\n".join(f"- {line}" for line in differences)
        raise InconsistentData(f"NetBox differs from {subject} in {len(differences)} place(s):\n{lines}")
    return {"netbox_differences": [], "validated": subject}
