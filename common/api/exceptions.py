"""One error format for the whole API, and the refusals of each room mapped to HTTP statuses.

Refusals carry a message that says what was wrong and what is allowed; the body is
`{"detail": message, "status": code, "type": exception name}` plus what the error adds
(for form input, what the Workflow Orchestrator's clients expect: `form` and `meta` for more
pages to fill, `validation_errors` for invalid input).

This floor knows no error of ours: each room registers its own (`register_api_error`, in
its AppConfig.ready()), and an error takes the status of the nearest registered class in
its MRO, so a subclass registered later still wins over its base.
"""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.response import Response
from rest_framework.views import exception_handler

HTTP_510_NOT_EXTENDED = 510

# error class -> (HTTP status, what the body adds for it)
_registered: dict[type[BaseException], tuple[int, Callable[[BaseException], dict] | None]] = {}


def register_api_error[E: BaseException](
    error_type: type[E], status: int, details: Callable[[E], dict] | None = None
) -> None:
    """Answer `error_type` (and its subclasses not registered themselves) with `status`;
    `details(error)` gives the fields the body adds to detail/status/type."""
    _registered[error_type] = (status, None if details is None else _details_of(error_type, details))


def _details_of[E: BaseException](
    error_type: type[E], details: Callable[[E], dict]
) -> Callable[[BaseException], dict]:
    """`details` for any error the registry hands it: only instances of `error_type` come
    (the lookup goes by the error's MRO), and anything else is a bug said as such."""

    def body(error: BaseException) -> dict:
        if not isinstance(error, error_type):
            raise TypeError(f"the details of {error_type.__name__} were asked for a {type(error).__name__}")
        return details(error)

    return body


def registered_status(error: BaseException) -> tuple[int, Callable[[BaseException], dict] | None] | None:
    for klass in type(error).__mro__:
        if klass in _registered:
            return _registered[klass]
    return None


def error_body(error: BaseException, code: int) -> dict:
    body = {"detail": str(error), "status": code, "type": type(error).__name__}
    for klass in reversed(type(error).__mro__):  # the base's fields first, a subclass's may add
        details = _registered.get(klass, (None, None))[1]
        if details is not None:
            body.update(details(error))
    return body


def registered_error_response(error: BaseException) -> Response | None:
    found = registered_status(error)
    if found is None:
        return None
    return Response(error_body(error, found[0]), status=found[0])


def api_exception_handler(exc, context):
    """DRF's handler, plus the registered refusals; every error body has a `detail` sentence
    (field errors of a filter or body are also kept under `errors`)."""
    response = registered_error_response(exc)
    if response is not None:
        return response
    response = exception_handler(exc, context)
    if response is not None and not (isinstance(response.data, dict) and "detail" in response.data):
        errors = response.data
        response.data = {
            "detail": f"Invalid input: {_flatten(errors)}",
            "status": response.status_code,
            "type": type(exc).__name__,
            "errors": errors,
        }
    return response


def _flatten(errors, prefix: str = "") -> str:
    if isinstance(errors, dict):
        return "; ".join(_flatten(v, f"{prefix}{k}: ") for k, v in errors.items())
    if isinstance(errors, list):
        return prefix + " ".join(_flatten(e) for e in errors)
    return prefix + str(errors)
