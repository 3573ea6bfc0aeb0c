"""The subscription pages with what only the workflows app knows: the subscription's
processes, its Actions menu (the workflows that may start on it, and greyed out, why the
others may not, from `lifecycle.gating`), "set in sync", and New subscription
(pick a product, then its create workflow's wizard)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from engine.errors import EngineError
from engine.models import Process
from engine.workflow import Target
from lifecycle import gating
from lifecycle.subscription_operations import set_in_sync
from products.models import Product
from subscriptions.admin import SubscriptionAdmin
from subscriptions.models import Subscription

PROCESSES_SHOWN = 50


class SubscriptionConsoleAdmin(SubscriptionAdmin):
    change_list_template = "admin/subscriptions/subscription/change_list.html"

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def get_urls(self):
        own = [
            path(
                "<uuid:subscription_id>/set-in-sync/",
                self.admin_site.admin_view(self.set_in_sync_view),
                name="subscriptions_subscription_set_in_sync",
            ),
        ]
        return own + super().get_urls()

    def extra_sections(self, request, subscription_id) -> dict:
        subscription = Subscription.objects.select_related("product").get(pk=subscription_id)
        options = gating.workflows_for_subscription(subscription)
        processes = (
            Process.objects.filter(process_subscriptions__subscription_id=subscription_id)
            .select_related("workflow")
            .order_by("-started_at")
        )
        return {
            "workflow_options": [o for o in options if o.target != Target.CREATE.value],
            "processes": list(processes[:PROCESSES_SHOWN]),
            "can_set_in_sync": not subscription.insync,
        }

    def set_in_sync_view(self, request, subscription_id):
        url = reverse("admin:subscriptions_subscription_change", args=[subscription_id])
        if request.method == "POST":
            try:
                set_in_sync(subscription_id, actor=request.user)
            except EngineError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The subscription is in sync again"))
        return HttpResponseRedirect(url)

    def add_view(self, request, form_url="", extra_context=None):
        """New subscription, step one: the products, each with the create workflows offered for it."""
        products = []
        for product in Product.objects.filter(in_code=True).order_by("product_type", "name"):
            creates = [d for d in gating.workflows_for_product(product.name) if d.target == Target.CREATE]
            products.append({"product": product, "workflows": creates})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("New subscription"),
            "products": products,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/subscriptions/subscription/new.html", context)


admin.site.unregister(Subscription)
admin.site.register(Subscription, SubscriptionConsoleAdmin)
