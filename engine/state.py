"""The state that flows between steps: filling a step's parameters from it, and merging results.

State is a dict with string keys, stored as JSON between steps. A step's parameters are
filled from the state by name and converted to their annotated types; a parameter named
`state` receives the whole dict. What the step returns is merged into the state.

Types the engine does not know (a subscription class, say) are taught to it through
`register_type`: the domain layer supplies how to load such a value from state, how to
dump it back to JSON, and how to save it when a step returns it.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import inspect
import types
import typing
import uuid
from collections.abc import Callable
from typing import Any

from engine.errors import StateError

State = dict[str, Any]

_MISSING = object()


@dataclasses.dataclass(frozen=True)
class TypeAdapter:
    """How the engine handles values of a type it does not know itself."""

    matches: Callable[[Any], bool]  # does this adapter handle an annotation?
    load: Callable[[Any, Any], Any]  # (annotation, json value) -> python value
    dump: Callable[[Any], Any]  # python value -> json value
    handles_value: Callable[[Any], bool]  # does this adapter dump/save this value?
    save: Callable[[Any], None] | None = None  # persist a returned value (in the step's transaction)


_adapters: list[TypeAdapter] = []


def register_type(adapter: TypeAdapter) -> None:
    _adapters.append(adapter)


def _adapter_for_annotation(annotation) -> TypeAdapter | None:
    return next((a for a in _adapters if a.matches(annotation)), None)


def _adapter_for_value(value) -> TypeAdapter | None:
    return next((a for a in _adapters if a.handles_value(value)), None)


# --- Filling parameters ---------------------------------------------------------------


def step_parameters(func: Callable) -> list[tuple[str, Any, Any]]:
    """(name, annotation, default) of each parameter, resolved once per step at import."""
    signature = inspect.signature(func)
    try:
        hints = typing.get_type_hints(func)
    except Exception:  # unresolvable forward reference: fall back to no conversion
        hints = {}
    return [
        (name, hints.get(name, Any), _MISSING if p.default is inspect.Parameter.empty else p.default)
        for name, p in signature.parameters.items()
    ]


def inject(step_name: str, parameters: list[tuple[str, Any, Any]], state: State) -> dict[str, Any]:
    """The keyword arguments for a step, converted from state; errors name step, key and value."""
    kwargs = {}
    for name, annotation, default in parameters:
        if name == "state":
            kwargs[name] = state
            continue
        if name not in state:
            if default is not _MISSING:
                kwargs[name] = default
                continue
            raise StateError(
                f"Step {step_name!r} needs {name!r} in the state, which has: "
                f"{', '.join(sorted(state)) or 'nothing'}"
            )
        try:
            kwargs[name] = convert(annotation, state[name])
        except (TypeError, ValueError, LookupError) as exc:
            raise StateError(
                f"Step {step_name!r}: parameter {name!r} expects {_type_name(annotation)}, "
                f"got {state[name]!r} ({type(state[name]).__name__}): {exc}"
            ) from exc
    return kwargs


def _type_name(annotation) -> str:
    return getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")


def convert(annotation, value):
    """Convert a JSON value to `annotation`; raises TypeError/ValueError when it cannot."""
    if annotation is Any or annotation is inspect.Parameter.empty:
        return value
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for option in (a for a in args if a is not type(None)):
            try:
                return convert(option, value)
            except (TypeError, ValueError, LookupError) as exc:
                errors.append(str(exc))
        raise TypeError(f"no type of {_type_name(annotation)} fits: {'; '.join(errors)}")
    if origin in (list, tuple, set, frozenset):
        if not isinstance(value, (list, tuple)):
            raise TypeError("a list is required")
        item_type = args[0] if args else Any
        return origin(convert(item_type, v) for v in value)
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError("an object is required")
        key_type, value_type = args or (Any, Any)
        return {convert(key_type, k): convert(value_type, v) for k, v in value.items()}
    if origin is typing.Literal:
        if value not in args:
            raise ValueError(f"allowed values: {', '.join(map(repr, args))}")
        return value
    adapter = _adapter_for_annotation(annotation)
    if adapter:
        return adapter.load(annotation, value)
    if not isinstance(annotation, type):
        return value
    if annotation is bool:
        if isinstance(value, bool):
            return value
        raise TypeError("true or false is required")
    if annotation in (int, float):
        if isinstance(value, bool):
            raise TypeError("a number is required")
        if annotation is int and isinstance(value, float) and not value.is_integer():
            raise ValueError("a whole number is required")
        return annotation(value)
    if annotation is str:
        if not isinstance(value, str):
            raise TypeError("a string is required")
        return value
    if isinstance(value, annotation):
        return value
    if issubclass(annotation, enum.Enum):
        return annotation(value)
    if annotation is uuid.UUID:
        return uuid.UUID(str(value))
    if annotation is datetime.datetime:
        return datetime.datetime.fromisoformat(value)
    if annotation is datetime.date:
        return datetime.date.fromisoformat(value)
    if annotation is decimal.Decimal:
        return decimal.Decimal(str(value))
    make: Callable[..., Any] = annotation  # a class; what its constructor takes is only known at run time
    if dataclasses.is_dataclass(annotation) and isinstance(value, dict):
        return make(**value)
    return make(value)


# --- Results back into state -----------------------------------------------------------


def to_json(value):
    """A JSON-compatible copy of a step's result (UUIDs, dates, enums, registered types)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json(v) for v in value]
    adapter = _adapter_for_value(value)
    if adapter:
        return adapter.dump(value)
    if isinstance(value, enum.Enum):
        return to_json(value.value)
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_json(dataclasses.asdict(value))
    raise TypeError(f"cannot store a {type(value).__name__} in the process state: {value!r}")


def save_returned_objects(value) -> None:
    """Persist every registered object (a subscription, say) found in a step's result."""
    if isinstance(value, dict):
        for v in value.values():
            save_returned_objects(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            save_returned_objects(v)
    else:
        adapter = _adapter_for_value(value)
        if adapter and adapter.save:
            adapter.save(value)


def merge(state: State, result: State | None, step_name: str) -> State:
    """The state after a step: the old one updated with the step's (JSON-converted) result."""
    if result is None:
        return state
    if not isinstance(result, dict):
        raise StateError(
            f"Step {step_name!r} returned a {type(result).__name__}; a step returns a dict or None"
        )
    save_returned_objects(result)
    return {**state, **to_json(result)}
