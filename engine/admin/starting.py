"""Starting a workflow or task from the console: its form as a wizard, then Start → the process page.

`?product=<id>` opens a create workflow with that product chosen on its first page;
`?subscription=<id>` opens a workflow on an existing subscription with its first page (the
subscription and the version the operator looked at) already answered.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from engine import operations
from engine.actors import authorize
from engine.admin.wizard import WizardSpec, run_wizard
from engine.errors import PermissionRefused, UnknownWorkflow
from engine.workflow import Target, get_workflow
from subscriptions.models import Subscription


def start_view(request, workflow_key: str):
    from django.contrib import admin

    try:
        definition = get_workflow(workflow_key)
    except UnknownWorkflow as error:
        raise Http404(str(error)) from None
    prefilled, initial, cancel_url, context_key = [], {}, reverse("admin:index"), ""
    subscription_id = request.GET.get("subscription")  # the form posts back to the same URL
    if subscription_id and definition.target not in (Target.CREATE, Target.SYSTEM):
        subscription = Subscription.objects.filter(pk=subscription_id).first()
        if subscription is None:
            raise Http404(_("No subscription with id %(id)s") % {"id": subscription_id})
        prefilled = [{"subscription_id": str(subscription.pk), "version": subscription.version}]
        cancel_url = reverse("admin:subscriptions_subscription_change", args=[subscription.pk])
        context_key = str(subscription.pk)
    elif request.GET.get("product") and definition.target == Target.CREATE:
        initial = {"product": request.GET["product"]}
        cancel_url = reverse("admin:subscriptions_subscription_add")
        context_key = request.GET["product"]
    elif definition.is_task:
        cancel_url = reverse("admin:workflows_process_new_task")

    try:
        # Said before the form is filled in vain; start_process checks it again (and alone counts).
        authorize(request.user, definition.key, f"start workflow {definition.key!r}")
    except PermissionRefused as refusal:
        messages.error(request, str(refusal))
        return HttpResponseRedirect(cancel_url)

    def start(inputs):
        process = operations.start_process(workflow_key, inputs, actor=request.user)
        messages.success(request, _("Process started: %(workflow)s") % {"workflow": definition.description})
        return HttpResponseRedirect(reverse("admin:workflows_process_change", args=[process.pk]))

    spec = WizardSpec(
        session_key=f"wizard:start:{workflow_key}:{context_key}",
        title=definition.description,
        form_fn=definition.initial_input_form,
        state=operations.initial_state(definition, request.user.get_username()),
        start=start,
        cancel_url=cancel_url,
        prefilled=prefilled,
        initial=initial,
    )
    return run_wizard(request, spec, admin.site.each_context(request))
