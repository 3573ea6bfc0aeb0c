"""One error format for the whole API, and the engine's refusals mapped to HTTP statuses.

Engine and domain refusals carry a message that says what was wrong and what is allowed;
the body is `{"detail": message, "status": code, "type": exception name}` plus, for form
input, what the Workflow Orchestrator's clients expect:

- more form pages to fill: 510 with `form` (JSON Schema of the next page) and `meta`;
- invalid form input: 400 with `validation_errors` ([{"loc": [field], "msg", "type"}]).
"""

from __future__ import annotations

from django_fsm import TransitionNotAllowed
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from subscriptions.lifecycle import StaleSubscription
from workflows.engine.gating import SubscriptionWorkflowRefused
from workflows.engine.subscription_operations import SubscriptionHeld
from workflows.engine.errors import (
    CallbackTokenInvalid,
    EngineError,
    EnginePaused,
    FormNotComplete,
    FormValidationError,
    InvalidTransition,
    PermissionRefused,
    ProcessNotFound,
    UnknownWorkflow,
)

HTTP_510_NOT_EXTENDED = 510

STATUS_BY_ERROR: list[tuple[type[Exception], int]] = [
    (PermissionRefused, status.HTTP_403_FORBIDDEN),
    (FormNotComplete, HTTP_510_NOT_EXTENDED),
    (FormValidationError, status.HTTP_400_BAD_REQUEST),
    (UnknownWorkflow, status.HTTP_404_NOT_FOUND),
    (ProcessNotFound, status.HTTP_404_NOT_FOUND),
    (CallbackTokenInvalid, status.HTTP_404_NOT_FOUND),
    (InvalidTransition, status.HTTP_409_CONFLICT),
    (EnginePaused, status.HTTP_503_SERVICE_UNAVAILABLE),
    (StaleSubscription, status.HTTP_409_CONFLICT),
    (SubscriptionWorkflowRefused, status.HTTP_409_CONFLICT),
    (SubscriptionHeld, status.HTTP_409_CONFLICT),
    (TransitionNotAllowed, status.HTTP_409_CONFLICT),  # lifecycle refusals are subclasses
    (EngineError, status.HTTP_400_BAD_REQUEST),
]


def error_body(error: Exception, code: int) -> dict:
    body = {"detail": str(error), "status": code, "type": type(error).__name__}
    if isinstance(error, FormNotComplete):
        body["form"] = error.form
        body["meta"] = {"page_index": error.page_index}
    if isinstance(error, SubscriptionWorkflowRefused):
        body["reasons"] = error.reasons
    if isinstance(error, FormValidationError):
        body["validation_errors"] = error.errors
        body["meta"] = {"page_index": error.page_index}
    return body


def engine_error_response(error: Exception) -> Response | None:
    for error_type, code in STATUS_BY_ERROR:
        if isinstance(error, error_type):
            return Response(error_body(error, code), status=code)
    return None


def api_exception_handler(exc, context):
    """DRF's handler, plus the engine's and the lifecycle's refusals; every error body has a
    `detail` sentence (field errors of a filter or body are also kept under `errors`)."""
    response = engine_error_response(exc)
    if response is not None:
        return response
    response = exception_handler(exc, context)
    if response is not None and not (isinstance(response.data, dict) and "detail" in response.data):
        errors = response.data
        response.data = {"detail": f"Invalid input: {_flatten(errors)}", "status": response.status_code,
                         "type": type(exc).__name__, "errors": errors}  # fmt: skip
    return response


def _flatten(errors, prefix: str = "") -> str:
    if isinstance(errors, dict):
        return "; ".join(_flatten(v, f"{prefix}{k}: ") for k, v in errors.items())
    if isinstance(errors, list):
        return prefix + " ".join(_flatten(e) for e in errors)
    return prefix + str(errors)
