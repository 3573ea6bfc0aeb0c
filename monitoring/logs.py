"""One JSON object per line per log record, for log shippers (journald, Loki, ELK).

Fields: time (UTC, ISO 8601), level, logger, message, then the engine's context (the
process id, step and user of the step being run, see common.log_context) and any
`extra` the caller passed (event, status, duration_ms, ...), and the exception's
traceback when there is one. Settings choose it with LOG_FORMAT=json (the default).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from common.log_context import current_context

# Attributes every LogRecord has: anything else on a record came from `extra`.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(current_context())
        entry.update(
            {k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")}
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


class ContextTextFormatter(logging.Formatter):
    """The readable format for a terminal (LOG_FORMAT=text), with the process and step when known."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = {
            **current_context(),
            **{k: getattr(record, k) for k in ("process_id", "step") if getattr(record, k, "")},
        }
        if context.get("process_id") and context["process_id"] not in line:
            line += f" [process {context['process_id']}" + (
                f" step {context['step']!r}]" if context.get("step") else "]"
            )
        return line
