"""The network (NRM) side of the catalogue's workflows, for now as recorded intent only.

Provisioning steps say what they would configure on the devices and keep it in the process
state (each step's state is stored with the step, so the intent is in the process log);
no device is touched. A later issue replaces `record_intent` with real device configuration.
Until then a block's `nrm_id` is the NetBox id of the object it configures (the NRM would
answer with its own id).
"""

from __future__ import annotations

from typing import Any

INTENT_ONLY = "intent only: no device is configured"


def record_intent(action: str, subject: str, settings: dict[str, Any]) -> dict[str, Any]:
    """{"nrm_intent": {...}}: what the NRM would be asked to do."""
    return {"nrm_intent": {"action": action, "subject": subject, "settings": settings, "note": INTENT_ONLY}}
