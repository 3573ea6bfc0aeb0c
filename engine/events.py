"""Engine events as log records, and the context every log line of a step carries.

`emit` writes one record per thing that happens to a process (started, a step recorded,
stopped, retried, recovered...) on the `nrenorch.engine` logger, with the process id,
workflow, step, user and status as record attributes. Inside a step body, everything
logged (NetBox calls, a workflow's own logging) gets the same process id, step and user
from `log_context` (common.log_context). The JSON formatter (monitoring.logs) writes both as fields, one
line per event; the engine itself only knows the standard logging module.
"""

from __future__ import annotations

import logging

from common.log_context import current_context, log_context

__all__ = ["current_context", "emit", "log_context", "logger"]

logger = logging.getLogger("nrenorch.engine")


def emit(event: str, process, step: str = "", level: int = logging.INFO, **fields) -> None:
    """Log one engine event about `process` (a Process row, or its id when that is all there is)."""
    if not logger.isEnabledFor(level):
        return
    record = {"event": event, "process_id": str(getattr(process, "pk", process)), "step": step}
    if hasattr(process, "status"):
        record.update(status=str(process.status), user=process.created_by, triggered_by=process.triggered_by)
        if type(process).workflow.is_cached(process):  # never a query just for a log line
            record["workflow"] = process.workflow.key
    record.update(fields)
    detail = f" step {step!r}" if step else ""
    outcome = fields.get("step_status") or fields.get("outcome") or record.get("status")
    logger.log(
        level,
        "%s: process %s%s%s",
        event,
        record["process_id"],
        detail,
        f": {outcome}" if outcome else "",
        extra=record,
    )
