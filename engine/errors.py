"""Exceptions of the engine. Each says what went wrong in words an operator can act on."""


class EngineError(Exception):
    """Base of every refusal the engine gives to a caller (API, admin, command line)."""


class UnknownWorkflow(EngineError):
    def __init__(self, key: str, known: list[str]):
        self.key = key
        super().__init__(f"Unknown workflow {key!r}; known workflows: {', '.join(sorted(known)) or 'none'}")


class EnginePaused(EngineError):
    def __init__(self):
        super().__init__("The engine is paused: no process can start or resume until an operator resumes it")


class ProcessNotFound(EngineError):
    def __init__(self, process_id):
        super().__init__(f"No process with id {process_id}")


class InvalidTransition(EngineError):
    """An operation that does not fit the process's current status (resume a completed one, …)."""


class PermissionRefused(EngineError):
    """The acting user lacks the permission an operation needs; the message names it."""

    def __init__(self, who: str, permission: str, doing: str, alternative: str = ""):
        self.permission = permission
        either = f" (or {alternative})" if alternative else ""
        super().__init__(f"{who} may not {doing}: it needs the permission {permission}{either}")


class CallbackTokenInvalid(EngineError):
    def __init__(self):
        super().__init__("Invalid callback token for this process, or the process is not awaiting a callback")


class FormValidationError(EngineError):
    """A form page's input is invalid: `errors` lists {"loc": [field], "msg": text, "type": code}."""

    def __init__(self, errors: list[dict], page_index: int):
        self.errors = errors
        self.page_index = page_index
        text = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        super().__init__(f"Invalid input on form page {page_index + 1}: {text}")


class FormNotComplete(EngineError):
    """More input is needed: `form` is the JSON Schema of the next page to fill."""

    def __init__(self, form: dict, page_index: int):
        self.form = form
        self.page_index = page_index
        super().__init__(f"Form page {page_index + 1} ({form.get('title', '')}) needs input")


class StateError(Exception):
    """A step's parameters cannot be filled from the state (missing key, wrong type)."""


# --- Raised by steps -----------------------------------------------------------------


class ApiUnavailable(Exception):
    """An external system (NetBox, NRM, …) cannot be reached: the process is retryable."""


class InconsistentData(Exception):
    """The orchestrator's data and an external system disagree in a way a retry won't fix."""


class AbortWorkflow(Exception):
    """Raised by a step to abort the process deliberately (status aborted, not failed)."""
