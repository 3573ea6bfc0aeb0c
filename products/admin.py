"""Admin pages for the catalogue. Products are declared in code: the code's values win at
the next migrate, so the pages are for reading: fixed inputs, and the workflows offered."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy

from products.models import FixedInput, Product


class FixedInputInline(admin.TabularInline):
    model = FixedInput
    extra = 0
    fields = ["name", "value"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "product_type", "tag", "status", "fixed_input_list", "workflow_list", "in_code"]
    list_filter = ["product_type", "tag", "status", "in_code"]
    search_fields = ["name", "description"]
    readonly_fields = ["product_type", "in_code", "created_at", "workflow_list"]
    inlines = [FixedInputInline]

    def get_queryset(self, request):
        # workflows: the reverse side of Workflow.products (the workflows app records it)
        return super().get_queryset(request).prefetch_related("fixed_inputs", "workflows")

    @admin.display(description=gettext_lazy("Fixed inputs"))
    def fixed_input_list(self, obj):
        return ", ".join(str(f) for f in obj.fixed_inputs.all()) or "—"

    @admin.display(description=gettext_lazy("Workflows"))
    def workflow_list(self, obj):
        workflows = sorted(obj.workflows.all(), key=lambda w: (w.target, w.key))
        if not workflows:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}" title="{}">{}</a>',
            ((reverse("admin:workflows_workflow_change", args=[w.pk]), w.target, w.key) for w in workflows),
        )
