# About 300 lines on purpose: the process and task pages with their actions (retry, skip, abort, resume).
"""Processes and tasks in the console: the lists, the process page and the operator's actions.

The process page shows the step timeline (status, start, duration, who triggered it), each
step's state and what changed against the step before, the traceback of a failed step, and
the buttons that fit the status: Retry, Resume (the suspended step's form, on the page),
Abort, Skip with a reason. It refreshes itself while the process runs.

Every action goes through `engine.operations`; a refusal is shown as it is worded
there (what was wrong and what is allowed) and changes nothing.
"""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engine import operations
from engine.actors import authorize
from engine.admin.starting import start_view
from engine.admin.wizard import WizardSpec, run_wizard, translate_labels
from engine.errors import EngineError, PermissionRefused
from engine.forms import NextPage, replay
from engine.models import RETRYABLE, UNFINISHED, EngineSettings, Process, ProcessStatus, StepStatus, Workflow

S = ProcessStatus
#: Statuses in which the page refreshes itself: something will change without the operator.
LIVE_STATUSES = {S.CREATED, S.RUNNING, S.RESUMED, S.AWAITING_CALLBACK, S.WAITING}
#: Statuses that wait for an operator (the start page lists them).
NEEDS_SOMEONE = [S.FAILED, S.SUSPENDED, S.API_UNAVAILABLE, S.INCONSISTENT_DATA, S.WAITING]


def status_badge(status: str) -> str:
    return format_html('<span class="status status-{}">{}</span>', status, _(str(status)))


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Process)
class ProcessAdmin(ReadOnlyAdmin):
    list_display = [
        "short_id",
        "workflow",
        "status_label",
        "last_step",
        "created_by",
        "started_at",
        "last_modified_at",
    ]
    list_filter = ["status", "is_task", "workflow", "started_at"]
    search_fields = ["id", "workflow__key", "workflow__description", "created_by", "last_step"]
    date_hierarchy = "started_at"
    list_select_related = ["workflow"]
    list_per_page = 50
    change_list_template = "admin/workflows/process/change_list.html"

    @admin.display(description=gettext_lazy("Process"), ordering="id")
    def short_id(self, obj):
        return str(obj.pk)[:8]

    @admin.display(description=gettext_lazy("Status"), ordering="status")
    def status_label(self, obj):
        return status_badge(obj.status)

    def changelist_view(self, request, extra_context=None):
        tasks = request.GET.get("is_task__exact")
        title = _("Tasks") if tasks == "1" else _("Processes") if tasks == "0" else _("Processes and tasks")
        return super().changelist_view(
            request, {"title": title, "showing_tasks": tasks == "1", **(extra_context or {})}
        )

    # --- URLs ---------------------------------------------------------------------------

    def get_urls(self):
        own = [
            path(
                "new-task/", self.admin_site.admin_view(self.new_task_view), name="workflows_process_new_task"
            ),
            path(
                "start/<str:workflow_key>/",
                self.admin_site.admin_view(start_view),
                name="workflows_process_start",
            ),
            path(
                "<uuid:process_id>/retry/",
                self.admin_site.admin_view(self.retry_view),
                name="workflows_process_retry",
            ),
            path(
                "<uuid:process_id>/abort/",
                self.admin_site.admin_view(self.abort_view),
                name="workflows_process_abort",
            ),
            path(
                "<uuid:process_id>/skip/",
                self.admin_site.admin_view(self.skip_view),
                name="workflows_process_skip",
            ),
            path(
                "<uuid:process_id>/resume/",
                self.admin_site.admin_view(self.resume_view),
                name="workflows_process_resume",
            ),
        ]
        return own + super().get_urls()

    # --- The process page -----------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        process = get_object_or_404(
            Process.objects.select_related("workflow", "parent__workflow"), pk=object_id
        )
        steps = list(process.steps.all())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": process.workflow.description,
            "subtitle": str(process.pk),
            "process": process,
            "status_badge": status_badge(process.status),
            "timeline": step_timeline(steps),
            "inputs": list(process.inputs.all()),
            "children": list(process.children.select_related("workflow")),
            "subscriptions": linked_subscriptions(process),
            "live": process.status in LIVE_STATUSES,
            "can_retry": process.status in RETRYABLE,
            "can_skip": process.status in RETRYABLE,
            "can_abort": process.status in UNFINISHED,
            "can_resume": process.status == S.SUSPENDED,
            "resume_form": resume_form(process) if process.status == S.SUSPENDED else None,
            "engine_paused": EngineSettings.get().paused,
            "state_json": json.dumps(process.state, indent=2, sort_keys=True, default=str),
        }
        return self.render_template(request, "admin/workflows/process/detail.html", context)

    def render_template(self, request, template, context):
        request.current_app = self.admin_site.name
        return TemplateResponse(request, template, context)

    # --- Actions --------------------------------------------------------------------------

    def _act(self, request, process_id, action, done_message):
        if request.method != "POST":
            return HttpResponseRedirect(process_url(process_id))
        try:
            action()
        except EngineError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done_message)
        return HttpResponseRedirect(process_url(process_id))

    def retry_view(self, request, process_id):
        actor = request.user
        return self._act(
            request,
            process_id,
            lambda: operations.retry_process(process_id, actor=actor),
            _("Process queued to retry its failed step"),
        )

    def abort_view(self, request, process_id):
        actor, reason = request.user, request.POST.get("reason", "")
        return self._act(
            request,
            process_id,
            lambda: operations.abort_process(process_id, actor=actor, reason=reason),
            _("Process aborted"),
        )

    def skip_view(self, request, process_id):
        actor, reason = request.user, request.POST.get("reason", "")
        return self._act(
            request,
            process_id,
            lambda: operations.skip_step(process_id, reason, actor=actor),
            _("Step skipped; the process goes on with the next step"),
        )

    def resume_view(self, request, process_id):
        """The suspended step's form, as a wizard; its Start resumes the process."""
        process = get_object_or_404(Process.objects.select_related("workflow"), pk=process_id)
        if process.status != S.SUSPENDED:
            messages.error(
                request,
                _("Process %(id)s is %(status)s; only a suspended process takes input")
                % {"id": process.pk, "status": process.status},
            )
            return HttpResponseRedirect(process_url(process_id))
        try:  # said before the form is filled in vain; resume_process checks it again (and alone counts)
            authorize(
                request.user, operations.governing_workflow_key(process), f"resume process {process.pk}"
            )
        except PermissionRefused as refusal:
            messages.error(request, str(refusal))
            return HttpResponseRedirect(process_url(process_id))
        return run_wizard(request, resume_wizard(request, process), self.admin_site.each_context(request))

    # --- New task -------------------------------------------------------------------------

    def new_task_view(self, request):
        tasks = Workflow.objects.filter(is_task=True, removed_at__isnull=True).order_by("description")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("New task"),
            "tasks": tasks,
        }
        return self.render_template(request, "admin/workflows/process/new_task.html", context)


def resume_wizard(request, process) -> WizardSpec:
    """The suspended step's form; its last page's button resumes the process."""
    process_id = process.pk
    step = operations.step_of(process)

    def resume(inputs):
        operations.resume_process(process_id, inputs, actor=request.user)
        messages.success(request, _("Process resumed"))
        return HttpResponseRedirect(process_url(process_id))

    return WizardSpec(
        session_key=f"wizard:resume:{process_id}",
        title=_("Resume %(workflow)s: %(step)s")
        % {"workflow": process.workflow.description, "step": step.name},
        form_fn=step.func,
        state=step.scoped_state(process.state),
        start=resume,
        cancel_url=process_url(process_id),
        start_label=_("Resume"),
        review=False,
    )


def resume_form(process):
    """The first page of the suspended step's form, shown on the process page itself."""
    step = operations.step_of(process)
    outcome = replay(step.func, step.scoped_state(process.state), [])
    if not isinstance(outcome, NextPage):
        return None  # the step asks for nothing: the Resume button alone
    form = outcome.form_class()
    translate_labels(form)
    return form


def process_url(process_id) -> str:
    return reverse("admin:workflows_process_change", args=[process_id])


def linked_subscriptions(process) -> list:
    """The subscriptions the process works on (none for tasks)."""
    return [link.subscription for link in process.process_subscriptions.select_related("subscription")]


def step_timeline(steps) -> list[dict]:
    """Each step with its duration and what its state changed against the step before."""
    timeline: list[dict] = []
    previous: dict = {}
    for number, step in enumerate(steps, start=1):
        state = step.state or {}
        failed = step.status == StepStatus.FAILED
        timeline.append(
            {
                "step": step,
                "status": status_badge(step.status),
                "duration_ms": round(step.duration_ms),
                "changes": [] if failed else state_changes(previous, state),
                "state_json": json.dumps(state, indent=2, sort_keys=True, default=str),
                "is_last": number == len(steps),  # an earlier failure was retried: its traceback folds
            }
        )
        if not failed:
            previous = state
    return timeline


def state_changes(before: dict, after: dict) -> list[dict]:
    """Top-level keys added, changed or removed, with their values as JSON."""
    changes = []
    for key in sorted(set(before) | set(after)):
        if key.startswith("__"):
            continue  # the engine's own bookkeeping (callback tokens)
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        if old == new:
            continue
        kind = "added" if old is _MISSING else "removed" if new is _MISSING else "changed"
        changes.append({"key": key, "kind": kind, "before": _short(old), "after": _short(new)})
    return changes


_MISSING = object()


def _short(value) -> str:
    if value is _MISSING:
        return ""
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 300 else text[:297] + "…"
