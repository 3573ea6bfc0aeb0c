"""The web wizard: a workflow's form generator shown page by page, with Previous and Next.

The same form definition drives the REST API (`engine.forms.replay`); here the
pages answered so far are kept in the session and replayed on every request, so a page
that depends on earlier answers is always built from the current ones. Going back keeps
every value entered, also on later pages: they come back as the initial values when the
user moves forward again. Field errors are the form's own, shown next to each field.

A wizard ends in one of two ways: the workflow's last page is a summary page (its Next
button says Start), or the wizard shows its own review of every answer with a Start button.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from django.contrib import messages
from django.forms.utils import pretty_name
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from engine.errors import EngineError, FormValidationError
from engine.forms import FormResult, NextPage, SummaryField, SummaryPage, replay, storable, validate_page
from engine.recording import is_api_unavailable


@dataclasses.dataclass
class WizardSpec:
    """What one wizard runs: the form generator, the state it starts from, and what Start does."""

    session_key: str
    title: str
    form_fn: Callable | None
    state: dict
    start: Callable[[list], HttpResponse]  # given every page's values; returns where to go next
    cancel_url: str
    prefilled: list = dataclasses.field(default_factory=list)  # pages answered already (values)
    initial: dict = dataclasses.field(default_factory=dict)  # initial values for the first open page
    start_label: str = ""
    review: bool = True  # False: the last page's button starts (for a short form such as a resume)


def run_wizard(request, spec: WizardSpec, admin_context: dict) -> HttpResponse:
    try:
        return _run_wizard(request, spec, admin_context)
    except Exception as error:
        if not is_api_unavailable(error):
            raise
        # A page's choices come from a system that does not answer (NetBox, where the demo
        # runs without it): say so where the user came from, rather than an error page.
        message = _("This form needs a system that does not answer: %(error)s") % {"error": error}
        messages.error(request, message)
        return HttpResponseRedirect(spec.cancel_url)


def _run_wizard(request, spec: WizardSpec, admin_context: dict) -> HttpResponse:
    stored = request.session.get(spec.session_key)
    if request.method == "GET" or stored is None:
        stored = {"values": list(spec.prefilled), "answered": len(spec.prefilled)}
        if spec.initial:
            stored["values"].append(dict(spec.initial))
        request.session[spec.session_key] = stored
        if request.method == "GET" or "page" not in request.POST:
            return _show(request, spec, stored, admin_context, len(spec.prefilled))
        # else: the first page, posted from another page (the process page's inline resume form)

    values: list = stored["values"]
    index = _int(request.POST.get("page"), stored["answered"])
    if "_cancel" in request.POST:
        del request.session[spec.session_key]
        return HttpResponseRedirect(spec.cancel_url)
    if "_start" in request.POST:
        return _start(request, spec, stored, admin_context)

    outcome = replay(spec.form_fn, spec.state, values[:index])
    # This page, when the pages before it still hold and it is the one to fill.
    here = (
        outcome if isinstance(outcome, NextPage) and outcome.index == index and not outcome.errors else None
    )
    if "_previous" in request.POST:
        if here is not None:  # keep what was typed here, unchecked, for when the user comes back
            _keep(values, index, _posted_values(here.form_class, request.POST, request.FILES))
        stored["answered"] = max(index - 1, 0)
        request.session.modified = True
        return _show(request, spec, stored, admin_context, stored["answered"])
    if here is None:
        # The pages before this one no longer hold (their choices changed): show where.
        return _show(request, spec, stored, admin_context, _first_open(outcome, index))
    page = here.form_class
    raw = _posted_values(page, request.POST, request.FILES)
    _keep(values, index, raw)

    cleaned, errors = validate_page(page, raw)
    if errors:
        stored["answered"] = index
        request.session.modified = True
        return _render_page(request, spec, admin_context, page, index, bound_data=raw)
    _keep(values, index, storable(cleaned))
    stored["answered"] = index + 1
    request.session.modified = True
    last_page = isinstance(replay(spec.form_fn, spec.state, values[: index + 1]), FormResult)
    if last_page and (issubclass(page, SummaryPage) or not spec.review):
        return _start(
            request, spec, stored, admin_context
        )  # confirmed: the workflow's own summary, or no review
    return _show(request, spec, stored, admin_context, index + 1)


def _show(request, spec, stored, admin_context, index) -> HttpResponse:
    values = stored["values"]
    outcome = replay(spec.form_fn, spec.state, values[:index])
    if isinstance(outcome, FormResult):
        return _render_review(request, spec, admin_context, values[: outcome.pages])
    if outcome.errors:  # an earlier page's stored answer is no longer valid
        return _render_page(
            request, spec, admin_context, outcome.form_class, outcome.index, bound_data=outcome.data
        )
    initial = values[outcome.index] if outcome.index < len(values) else None
    return _render_page(request, spec, admin_context, outcome.form_class, outcome.index, initial=initial)


def _start(request, spec, stored, admin_context) -> HttpResponse:
    outcome = replay(spec.form_fn, spec.state, stored["values"][: stored["answered"]])
    if isinstance(outcome, NextPage) and outcome.errors:  # an answer no longer holds: say which, where
        stored["answered"] = outcome.index
        request.session.modified = True
        return _render_page(
            request, spec, admin_context, outcome.form_class, outcome.index, bound_data=outcome.data
        )
    if not isinstance(outcome, FormResult):
        return _show(request, spec, stored, admin_context, _first_open(outcome, stored["answered"]))
    inputs = stored["values"][: outcome.pages]
    try:
        response = spec.start(inputs)
    except FormValidationError as error:
        # Checked again when the process is created (the subscription may have moved on).
        for problem in error.errors:
            messages.error(request, problem["msg"])
        return _show(request, spec, stored, admin_context, min(error.page_index, outcome.pages))
    except EngineError as error:
        messages.error(request, str(error))
        return _render_review(request, spec, admin_context, inputs)
    request.session.pop(spec.session_key, None)
    return response


def _first_open(outcome, fallback: int) -> int:
    return outcome.index if isinstance(outcome, NextPage) else min(fallback, outcome.pages)


def _keep(values: list, index: int, page_values: dict) -> None:
    while len(values) <= index:
        values.append({})
    values[index] = page_values


def _posted_values(page, data, files) -> dict:
    """The page's fields read from the POST the way each widget reads itself (lists for
    multiple choices, booleans for check boxes), so the values are what the API would send."""
    form = page()
    posted = {}
    for name, field in form.fields.items():
        if isinstance(field, SummaryField) or field.disabled:
            continue
        value = field.widget.value_from_datadict(data, files, form.add_prefix(name))
        if value is not None:
            posted[name] = value
    return posted


def _int(value, default: int) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default


# --- Rendering ------------------------------------------------------------------------------


def _render_page(request, spec, admin_context, page, index, *, initial=None, bound_data=None):
    form = page(data=bound_data) if bound_data is not None else page(initial=initial or {})
    if bound_data is not None:
        form.is_valid()  # the errors, next to their fields
    translate_labels(form)
    is_summary = issubclass(page, SummaryPage)
    context = {
        **admin_context,
        "title": spec.title,
        "wizard_form": form,
        "page_title": _translated(getattr(page, "title", "")),
        "page_description": _translated(getattr(page, "description", "")),
        "page_index": index,
        "page_number": index + 1,
        "summaries": [(bf, bf.field) for bf in form if isinstance(bf.field, SummaryField)],
        "is_summary": is_summary,
        "next_label": (spec.start_label or _("Start")) if is_summary or not spec.review else _("Next"),
        "cancel_url": spec.cancel_url,
    }
    return TemplateResponse(request, "admin/workflows/wizard_page.html", context)


def translate_labels(form) -> None:
    """Labels and help texts in the current language: workflow authors write them in English,
    the translations live in locale/*/django.po like every other word of the console."""
    for name, field in form.fields.items():
        field.label = _translated(field.label or pretty_name(name))
        if field.help_text:
            field.help_text = _translated(field.help_text)


def _translated(text) -> str:
    return _(str(text)) if text else ""


def _render_review(request, spec, admin_context, inputs: list):
    pages = []
    for number, page_values in enumerate(inputs, start=1):
        outcome = replay(spec.form_fn, spec.state, inputs[: number - 1])
        form_class = outcome.form_class if isinstance(outcome, NextPage) else None
        form = form_class() if form_class else None
        rows = []
        for name, value in page_values.items():
            field = form.fields.get(name) if form else None
            rows.append(
                (_translated(field.label or pretty_name(name)) if field else name, _display(field, value))
            )
        title = _translated(getattr(form_class, "title", "") if form else "") or _("Page %(n)s") % {
            "n": number
        }
        pages.append({"title": title, "rows": rows})
    context = {
        **admin_context,
        "title": spec.title,
        "review_pages": pages,
        "page_index": len(inputs),
        "page_number": len(inputs) + 1,
        "start_label": spec.start_label or _("Start"),
        "cancel_url": spec.cancel_url,
    }
    return TemplateResponse(request, "admin/workflows/wizard_review.html", context)


def _display(field, value) -> str:
    """A stored value as the user chose it: the label of a choice, not its key."""
    if field is not None and hasattr(field, "choices"):
        labels = {str(k): str(v) for k, v in field.choices if not isinstance(v, (list, tuple))}
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)
