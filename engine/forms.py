# Over 300 lines on purpose: the forms protocol (pages, replay, validation, JSON Schema) is one piece.
"""Multi-page forms: a generator yields Django form classes and receives each page's input.

    def initial_input_form(product: UUID) -> FormGenerator:
        first = yield NodeNameForm                 # a FormPage subclass
        second = yield make_port_form(first["node"])   # pages may depend on earlier answers
        return {**first, **second}                  # merged into the process state

The same definition drives the web wizard (the page is rendered as a Django form) and
the REST API (the page is described as JSON Schema). Over the API the client sends the
list of every page's input so far; `replay` answers with the next page to fill, the
validation errors of the first invalid page, or the generator's final result.
"""

from __future__ import annotations

import dataclasses
import decimal
import uuid
from collections.abc import Callable, Generator, Iterable
from typing import Any, cast

from django import forms
from django.forms.utils import pretty_name

from common.text import RequiredText  # names and required descriptions: part of the forms protocol
from engine.errors import FormNotComplete, FormValidationError
from engine.state import State, inject, step_parameters, to_json

FormGenerator = Generator[type[forms.Form], dict, dict | None]


class FormPage(forms.Form):
    """A wizard page. `title` and `description` head the page in the UI and the schema."""

    title: str = ""
    description: str = ""


class SummaryField(forms.Field):
    """A read-only table shown on a summary page: rows of (label, value), or for a
    before/after summary, rows of (label, before, after)."""

    def __init__(self, *, rows: list[tuple], headers: tuple[str, ...] = ("Field", "Value"), **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Summary")
        super().__init__(disabled=True, **kwargs)
        self.rows = [tuple(str(c) for c in row) for row in rows]
        self.headers = headers
        self.initial = {"headers": list(headers), "rows": [list(r) for r in self.rows]}

    def clean(self, value):
        return None


class SummaryPage(FormPage):
    """A page that only shows what will happen; submitting it (with `{}`) confirms."""

    title = "Summary"


def summary_page(rows: list[tuple], title: str = "Summary", headers=("Field", "Value")) -> type[SummaryPage]:
    return type(
        "Summary", (SummaryPage,), {"title": title, "summary": SummaryField(rows=rows, headers=headers)}
    )


class ChoiceListField(forms.MultipleChoiceField):
    """Several choices as a list, with a minimum and maximum count and, by default, unique."""

    def __init__(self, *, min_items: int = 0, max_items: int | None = None, unique: bool = True, **kwargs):
        self.min_items = min_items
        self.max_items = max_items
        self.unique = unique
        kwargs.setdefault("required", min_items > 0)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if not isinstance(value, (list, tuple)):
            raise forms.ValidationError("Enter a list of values.", code="invalid_list")
        return [str(v) for v in value]

    def validate(self, value):
        super().validate(value)
        if self.unique and len(set(value)) != len(value):
            duplicates = sorted({v for v in value if value.count(v) > 1})
            raise forms.ValidationError(
                f"Each value may appear once; repeated: {', '.join(duplicates)}", code="unique"
            )
        if len(value) < self.min_items:
            raise forms.ValidationError(
                f"Choose at least {self.min_items}; got {len(value)}.", code="min_items"
            )
        if self.max_items is not None and len(value) > self.max_items:
            raise forms.ValidationError(
                f"Choose at most {self.max_items}; got {len(value)}.", code="max_items"
            )


# --- Replaying the pages ------------------------------------------------------------------


@dataclasses.dataclass
class NextPage:
    form_class: type[forms.Form]
    index: int
    data: dict | None = None  # the page's submitted data, when it was invalid
    errors: list[dict] | None = None


@dataclasses.dataclass
class FormResult:
    values: State
    pages: int


def replay(form_fn: Callable | None, state: State, user_inputs: list) -> NextPage | FormResult:
    """Run the form generator over the inputs so far (see the module docstring)."""
    if form_fn is None:
        return FormResult(values={}, pages=0)
    if not isinstance(user_inputs, list):
        raise FormValidationError(
            [_error("__root__", "Form input must be a list of page objects", "type")], 0
        )
    generator = form_fn(**inject(getattr(form_fn, "__name__", "form"), step_parameters(form_fn), state))
    index = 0
    try:
        page = next(generator)
        while True:
            if index >= len(user_inputs):
                return NextPage(form_class=page, index=index)
            data = user_inputs[index]
            cleaned, errors = validate_page(page, data)
            if errors:
                return NextPage(form_class=page, index=index, data=data, errors=errors)
            index += 1
            page = generator.send(cleaned)
    except StopIteration as stop:
        values = stop.value or {}
        if not isinstance(values, dict):
            raise TypeError(
                f"form {form_fn.__name__} returned {type(values).__name__}; a form returns a dict"
            ) from None
        return FormResult(values=to_json(_plain(values)), pages=index)


def post_form(form_fn: Callable | None, state: State, user_inputs: list) -> FormResult:
    """Like `replay`, but raises FormNotComplete / FormValidationError instead of returning a page."""
    outcome = replay(form_fn, state, user_inputs)
    if isinstance(outcome, FormResult):
        if len(user_inputs) > outcome.pages:
            raise FormValidationError(
                [
                    _error(
                        "__root__",
                        f"The form has {outcome.pages} page(s); {len(user_inputs)} were sent",
                        "extra_pages",
                    )
                ],
                outcome.pages,
            )
        return outcome
    if outcome.errors:
        raise FormValidationError(outcome.errors, outcome.index)
    raise FormNotComplete(page_schema(outcome.form_class), outcome.index)


def validate_page(page: type[forms.Form], data: Any) -> tuple[dict, list[dict]]:
    """(cleaned data, []) for valid input, or ({}, errors) naming each field and what is allowed."""
    if not isinstance(data, dict):
        return {}, [
            _error("__root__", f"A page's input must be an object, got {type(data).__name__}", "type")
        ]
    form = page(data=dict(data))  # JSON values bound as they are: lists stay lists
    unknown = sorted(set(data) - set(form.fields))
    if unknown:
        fields = ", ".join(form.fields) or "none"
        return {}, [
            _error(k, f"Unknown field; this page's fields are: {fields}", "unknown_field") for k in unknown
        ]
    if not form.is_valid():
        errors = []
        for field, messages in form.errors.get_json_data().items():
            for message in messages:
                errors.append(
                    _error("__root__" if field == "__all__" else field, message["message"], message["code"])
                )
        return {}, errors
    return {k: v for k, v in form.cleaned_data.items() if not isinstance(form.fields[k], SummaryField)}, []


def storable(values: dict) -> dict:
    """A page's cleaned values as JSON, as a client would send them again (model instances
    become their primary key): what the web wizard keeps between pages."""
    return to_json(_plain(values))


def _error(field: str, message: str, code: str | None) -> dict:
    return {"loc": [field], "msg": message, "type": code or "invalid"}


def _plain(value):
    """Form values made storable: model instances become their primary key."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return value.pk
    return value


# --- JSON Schema of a page ------------------------------------------------------------


def page_schema(form_class: type[forms.Form]) -> dict:
    """The page as JSON Schema: titles, types, enums for choices, defaults, required, read-only."""
    form = form_class()
    properties, required = {}, []
    for name, field in form.fields.items():
        properties[name] = field_schema(field, form.get_initial_for_field(field, name), pretty_name(name))
        if field.required and not field.disabled:
            required.append(name)
    schema = {
        "title": getattr(form_class, "title", "") or form_class.__name__,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    description = getattr(form_class, "description", "")
    if description:
        schema["description"] = str(description)
    return schema


def field_schema(field: forms.Field, initial, default_title: str) -> dict:
    schema: dict[str, Any] = {"title": str(field.label) if field.label else default_title}
    if field.help_text:
        schema["description"] = str(field.help_text)
    if isinstance(field, SummaryField):
        schema.update({"type": "object", "format": "summary", "readOnly": True, "default": field.initial})
        return schema
    schema.update(_type_schema(field))
    if initial is not None and initial != "":
        schema["default"] = to_json(_plain(initial))
    if field.disabled:
        schema["readOnly"] = True
    return {k: v for k, v in schema.items() if v is not None}


def _type_schema(field: forms.Field) -> dict:
    if isinstance(field, (ChoiceListField, forms.MultipleChoiceField)):
        schema: dict[str, Any] = {
            "type": "array",
            "items": _choice_schema(field),
            "uniqueItems": getattr(field, "unique", True),
        }
        min_items = getattr(field, "min_items", 0)
        if min_items:
            schema["minItems"] = min_items
        max_items = getattr(field, "max_items", None)
        if max_items is not None:
            schema["maxItems"] = max_items
        return schema
    if isinstance(field, forms.ModelChoiceField):
        # The labels too: an API client picks by what a person would read (product, customer names).
        # The stubs type the getter like the setter (a mapping, a Choices class, ...), but Django
        # normalises choices when they are set: reading them gives (value, label) pairs.
        pairs = cast(Iterable[tuple[Any, Any]], field.choices)
        choices = [(str(v), str(label)) for v, label in pairs if v != ""]
        return _enum_schema("string", [v for v, _ in choices], [label for _, label in choices])
    if isinstance(field, forms.ChoiceField):
        return _choice_schema(field)
    if isinstance(field, forms.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, forms.IntegerField):
        return _bounded({"type": "integer"}, field)
    if isinstance(field, (forms.FloatField, forms.DecimalField)):
        return _bounded({"type": "number"}, field)
    if isinstance(field, forms.UUIDField):
        return {"type": "string", "format": "uuid"}
    if isinstance(field, forms.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, forms.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, forms.EmailField):
        return {"type": "string", "format": "email"}
    if isinstance(field, forms.GenericIPAddressField):
        return {"type": "string", "format": "ip-address"}
    schema = {"type": "string"}
    if isinstance(field, RequiredText):
        schema["pattern"] = r"\S"  # at least one character that is not a space (the server checks more)
    max_length = getattr(field, "max_length", None)
    if max_length:
        schema["maxLength"] = max_length
    min_length = getattr(field, "min_length", None)
    if min_length:
        schema["minLength"] = min_length
    return schema


def _choice_schema(field) -> dict:
    values, labels = [], []
    for value, label in field.choices:
        if isinstance(label, (list, tuple)):  # an optgroup
            for v, lab in label:
                values.append(_json_choice(v))
                labels.append(str(lab))
        elif value != "":
            values.append(_json_choice(value))
            labels.append(str(label))
    return _enum_schema(_json_type_of(values), values, labels)


def _enum_schema(json_type: str, values: list, labels: list[str]) -> dict:
    """A choice's values with their labels twice over: `x-enumNames` (a list in the order of
    `enum`, as JSON Schema form libraries read it) and `options` ({value: label}, as
    pydantic-forms writes it and orchestrator-ui and orchestrator-core scripts read it).
    pydantic-forms leaves `options` out when every label equals its value; we always send
    it, so a script needs no fallback. JSON object keys are strings: an integer value 3 is
    the key "3" in `options`, while `enum` keeps the 3 to send."""
    options = {str(value): label for value, label in zip(values, labels, strict=True)}
    return {"type": json_type, "enum": values, "x-enumNames": labels, "options": options}


def _json_choice(value):
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    return value if isinstance(value, (int, str, bool, float)) else str(value)


def _json_type_of(values: list) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    return "string"


def _bounded(schema: dict, field: forms.Field) -> dict:
    min_value = getattr(field, "min_value", None)
    if min_value is not None:
        schema["minimum"] = to_json(min_value)
    max_value = getattr(field, "max_value", None)
    if max_value is not None:
        schema["maximum"] = to_json(max_value)
    return schema
