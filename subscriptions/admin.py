"""Admin pages for customers and subscriptions.

Subscriptions are changed by workflows, not by hand: the status is read-only (it moves
only through transitions), the version is read-only, and each page shows the blocks'
history through simple-history's history view.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from subscriptions.models import Customer, Subscription


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_code"]
    search_fields = ["name", "short_code"]


@admin.register(Subscription)
class SubscriptionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "product", "customer", "status", "insync", "start_date", "end_date"]
    list_filter = ["status", "insync", "product__product_type", "product", "customer"]
    list_select_related = ["product", "customer"]
    search_fields = ["description", "id", "note"]
    readonly_fields = [
        "id",
        "status",
        "version",
        "insync",
        "start_date",
        "end_date",
        "depends_on_list",
        "in_use_by_list",
    ]
    fields = [
        "id",
        "product",
        "customer",
        "description",
        "status",
        "insync",
        "start_date",
        "end_date",
        "note",
        "version",
        "depends_on_list",
        "in_use_by_list",
    ]

    def get_readonly_fields(self, request, obj=None):
        # product and customer are chosen when the subscription is created, never changed
        return [*self.readonly_fields, "product", "customer"] if obj else self.readonly_fields

    @admin.display(description="Depends on")
    def depends_on_list(self, obj):
        return _names(obj.depends_on()) if obj and obj.pk else "—"

    @admin.display(description="In use by")
    def in_use_by_list(self, obj):
        return _names(obj.in_use_by()) if obj and obj.pk else "—"


def _names(subscriptions) -> str:
    return ", ".join(str(s) for s in subscriptions) or "—"
