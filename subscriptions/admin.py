"""Admin pages for customers and subscriptions.

Subscriptions are changed by workflows, not by hand: the subscription page is read-only.
It shows the block tree with every field, the subscriptions it depends on and that use it,
and its history (see `subscriptions.pages`). The workflows app extends the page with the
subscription's processes and its Actions menu, and makes "add" the New subscription wizard
(this app does not know the engine).

The list searches the description, the id, the note and every text field of every block
(node names, port names, …), one query whatever the number of block types.
"""

from functools import reduce
from operator import or_

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from common.text import RequiredText
from subscriptions import pages
from subscriptions.blocks import block_models
from subscriptions.models import Customer, Subscription


class CustomerForm(forms.ModelForm):
    # A name and short code no one can see are refused (common/text.py).
    name = RequiredText(max_length=255)
    short_code = RequiredText(max_length=32)

    class Meta:
        model = Customer
        fields = ["name", "short_code"]


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    form = CustomerForm
    list_display = ["name", "short_code"]
    search_fields = ["name", "short_code"]


class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["description", "product", "customer", "status", "insync", "start_date", "end_date"]
    list_filter = ["status", "insync", "product__tag", "product__product_type", "product", "customer"]
    list_select_related = ["product", "customer"]
    search_fields = ["description", "id", "note"]
    list_per_page = 50
    detail_template = "admin/subscriptions/subscription/detail.html"

    def has_change_permission(self, request, obj=None):
        return False  # workflows change subscriptions

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False  # the workflows app offers New subscription

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:  # `queryset` carries the list's filters: the block matches keep them
            matched |= queryset.filter(block_text_matches(term))
        return matched, may_have_duplicates

    def change_view(self, request, object_id, form_url="", extra_context=None):
        subscription = get_object_or_404(Subscription.objects.only("pk"), pk=object_id)
        context = {
            **self.admin_site.each_context(request),
            **pages.subscription_page(subscription.pk),
            "opts": self.opts,
            **self.extra_sections(request, object_id),
        }
        context["title"] = str(context["subscription"])
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.detail_template, context)

    def extra_sections(self, request, subscription_id) -> dict:
        """More of the page, from apps that know more (processes, Actions): template context."""
        return {}


admin.site.register(Subscription, SubscriptionAdmin)


def block_text_matches(term: str) -> Q:
    """Subscriptions owning a block with a text field containing `term` (any block type)."""
    conditions = []
    for model in block_models():
        text_fields = [
            f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))
        ]
        if text_fields:
            match = reduce(or_, (Q(**{f"{name}__icontains": term}) for name in text_fields))
            conditions.append(Q(pk__in=model._default_manager.filter(match).values("subscription_id")))
    return reduce(or_, conditions) if conditions else Q(pk__in=[])
