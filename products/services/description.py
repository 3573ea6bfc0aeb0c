"""How products (and blocks used on their own, such as the core port for its IPv6 address)
describe themselves: one function, `description(model)`, dispatched on the model's type and
used for subscription descriptions and NetBox descriptions.

Each product registers its own description with `@describes(ItsProductType)` in its own
module (`products.product_types.<product>`), so this module names no product.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

Describe = Callable[[object], str]

_describers: dict[type, Describe] = {}


def describes(model_class: type) -> Callable[[Describe], Describe]:
    """Decorator: `function(model) -> str` describes instances of `model_class` (and subclasses)."""

    def register(function: Describe) -> Describe:
        existing = _describers.get(model_class)
        if existing is not None and existing.__qualname__ != function.__qualname__:
            raise ImproperlyConfigured(
                f"{model_class.__name__} is described twice: by {existing.__module__}.{existing.__qualname__} "
                f"and by {function.__module__}.{function.__qualname__}"
            )
        _describers[model_class] = function
        return function

    return register


def description(model) -> str:
    for klass in type(model).__mro__:
        describe = _describers.get(klass)
        if describe is not None:
            return describe(model)
    described = ", ".join(sorted(k.__name__ for k in _describers)) or "nothing"
    raise TypeError(f"No description for a {type(model).__name__}; described are: {described}")


def described_types() -> list[type]:
    return sorted(_describers, key=lambda k: k.__name__)


def core_link_name(core_link) -> str:
    """The core link's name without its maintenance flag: `CoreLink.link_name()`. Kept here
    because workflows/core_link imports it from here; new code calls the method."""
    return core_link.link_name()
